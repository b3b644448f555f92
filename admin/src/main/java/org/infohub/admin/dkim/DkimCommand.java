package org.infohub.admin.dkim;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;

import org.infohub.admin.ConfigOptions;
import org.infohub.admin.ExitCodes;
import org.infohub.core.config.HubConfig;
import org.infohub.core.trust.DkimKeys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./infohub dkim generate|show}: the hub's DKIM key and the DNS record that publishes it. */
@Command(name = "dkim", mixinStandardHelpOptions = true,
        description = "generate: make the hub's DKIM key (RSA 2048) and print the DNS record to publish; "
                + "show: print the record of the key in use.")
public class DkimCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "ACTION", description = "generate or show") String action;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HubConfig config = options.load();
        DkimKeys.Key key;
        switch (action) {
            case "generate" -> {
                try {
                    key = DkimKeys.generate(config.dkimKey());
                } catch (java.io.IOException e) {
                    err.println("infohub: dkim: " + e.getMessage());
                    return ExitCodes.REFUSED;
                }
                out.println("DKIM key written to " + config.dkimKey());
            }
            case "show" -> {
                if (!Files.exists(config.dkimKey())) {
                    err.println("infohub: dkim: no key at " + config.dkimKey() + "; make one with: ./infohub dkim generate");
                    return ExitCodes.REFUSED;
                }
                key = DkimKeys.load(config.dkimKey());
            }
            default -> {
                err.println("infohub: dkim: '" + action + "': choose generate or show");
                return ExitCodes.REFUSED;
            }
        }
        out.println("Publish this TXT record in the " + config.domain() + " zone:");
        out.println(key.zoneRecord(config.trust().dkimSelector(), config.domain()));
        return ExitCodes.OK;
    }
}
