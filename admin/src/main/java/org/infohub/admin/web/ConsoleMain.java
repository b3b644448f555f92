package org.infohub.admin.web;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.infohub.admin.ConfigOptions;
import org.infohub.admin.ExitCodes;
import org.infohub.core.config.ConfigException;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.DataAccessException;
import org.infohub.core.db.HubDatabase;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./infohub admin-web [--port N]}: the web console and the Public Zone, in a process of
 * their own (James's Jetty 9 and the console's Jetty never share a JVM). With the embedded
 * database it uses the running server's MariaDB, found through the data directory.
 */
@Command(name = "admin-web", mixinStandardHelpOptions = true,
        description = "Run the web console on its port, and the Public Zone on a listener of its own.")
public class ConsoleMain implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--port", description = "port to listen on (default: console.port, 8025)")
    Integer port;

    @Option(names = "--bind", description = "address to listen on (default: console.bind, 127.0.0.1)")
    String bind;

    @Option(names = "--public-port", description = "port of the Public Zone's own listener (default: public.port, 8026)")
    Integer publicPort;

    @Option(names = "--public-bind", description = "address of the Public Zone's own listener (default: public.bind, 127.0.0.1)")
    String publicBind;

    @Option(names = "--only", paramLabel = "console|public",
            description = "serve only the console or only the Public Zone (TAXII and MISP feeds with it), as two services")
    String only;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HubConfig config;
        try {
            config = options.load();
        } catch (ConfigException e) {
            err.println("infohub: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        if (config.embeddedDatabase() && HubDatabase.runningServer(config.dataDir()).isEmpty()) {
            err.println("infohub: the hub server is not running on " + config.dataDir().toAbsolutePath()
                    + ". The console works on the server's embedded database: start the server first "
                    + "(./infohub server), then the console.");
            return ExitCodes.UNAVAILABLE;
        }
        HubDatabase db;
        try {
            db = HubDatabase.openForTool(config);
        } catch (DataAccessException e) {
            err.println("infohub: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        String host = bind != null ? bind : config.consoleBind();
        int p = port != null ? port : config.consolePort();
        String pHost = publicBind != null ? publicBind : config.publicBind();
        int pPort = publicPort != null ? publicPort : config.publicPort();
        ConsoleApp app = new ConsoleApp(config.dataDir(), db.jdbc(), Clock.systemUTC(), config.domain())
                .bounceSettings(config.trust().bounceThreshold(), config.trust().bounceHalfLife())
                .secureCookies(config.consoleHttps())
                .presentation(config.presentation().programmeName(), config.presentation().zone())
                .language(config.presentation().language());
        // Without a public.url of its own, readers reach the Public Zone where it listens.
        String defaultUrl = "http://" + config.publicBind() + ":" + config.publicPort();
        String publicUrl = config.publicUrl().equals(defaultUrl) ? "http://" + pHost + ":" + pPort : config.publicUrl();
        PublicApp zone = app.publicApp(publicUrl);
        if (only != null && !only.equals("console") && !only.equals("public")) {
            db.close();
            err.println("infohub: --only takes console or public, not '" + only + "'");
            return ExitCodes.REFUSED;
        }
        boolean console = only == null || only.equals("console");
        boolean publicZone = only == null || only.equals("public");
        if (console) {
            try {
                app.start(host, p);
            } catch (RuntimeException e) {
                db.close();
                err.println("infohub: cannot listen on " + host + ":" + p + ": " + e.getMessage());
                return ExitCodes.UNAVAILABLE;
            }
        }
        if (publicZone) {
            try {
                zone.start(pHost, pPort);
            } catch (RuntimeException e) {
                if (console) {
                    app.stop();
                }
                db.close();
                err.println("infohub: the Public Zone cannot listen on " + pHost + ":" + pPort + ": " + e.getMessage());
                return ExitCodes.UNAVAILABLE;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (publicZone) {
                zone.stop();
            }
            if (console) {
                app.stop();
            }
            db.close();
            stopped.countDown();
        }, "infohub-console-stop"));
        out.println((console ? "Infohub console on http://" + host + ":" + app.port() + "/console (sign in with an "
                + "administrator made by ./infohub admin add NAME). " : "")
                + (publicZone ? "Public Zone on http://" + pHost + ":" + zone.port() + "/public (links in mail: " + publicUrl
                + "). " : "") + "Stop with Ctrl-C.");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    public static void main(String[] args) {
        // Its own logging set-up: the name differs from the server's logback.xml, which shares the classpath in tests.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-console.xml");
        }
        int code = new CommandLine(new ConsoleMain()).execute(args);
        if (code != ExitCodes.OK) {
            System.exit(code);
        }
    }
}
