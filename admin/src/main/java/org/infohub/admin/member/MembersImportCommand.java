package org.infohub.admin.member;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.infohub.admin.ConfigOptions;
import org.infohub.admin.ExitCodes;
import org.infohub.core.db.HubDatabase;
import org.infohub.admin.AdminContext;
import org.infohub.core.member.MembershipCsv;
import org.infohub.core.member.MembershipImport;
import org.infohub.core.member.MembershipRepository;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./infohub members import FILE.csv}: loads representatives, all or nothing. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Load the membership from CSV: the whole membership as written by 'members export' (header "
                + MembershipCsv.HEADER + "), or representatives only with the header " + MembershipImport.HEADER + ".",
                "A known e-mail address updates that representative. When any line is wrong, every bad line "
                        + "is reported with its number and nothing is loaded."})
public class MembersImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.csv", description = "the CSV file, UTF-8")
    Path file;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(file)) {
            err.println("infohub: cannot read " + file);
            return ExitCodes.REFUSED;
        }
        try (HubDatabase db = HubDatabase.openForTool(options.load());
             BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                     StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)))) {
            MembershipImport.Result result;
            try {
                in.mark(64 * 1024);
                String header = in.readLine();
                if (MembershipCsv.isFullFormat(header)) {
                    return loadFull(db, in, out, err, header);
                }
                in.reset();
                result = new MembershipImport(db.jdbc(), "cli:" + System.getProperty("user.name", "unknown")).load(in);
            } catch (CharacterCodingException e) {
                err.println("infohub: " + file + " is not UTF-8 text; nothing was loaded");
                return ExitCodes.REFUSED;
            }
            if (!result.ok()) {
                err.println(file + ": " + result.errors().size() + " bad line(s); nothing was loaded:");
                result.errors().forEach(e -> err.println("  " + e));
                return ExitCodes.REFUSED;
            }
            MembershipRepository members = new MembershipRepository(db.jdbc());
            out.println("loaded " + result.representatives() + " representative(s) from " + file + " ("
                    + result.organisationsCreated() + " new organisation(s)); the hub now has "
                    + members.countRepresentatives() + " representative(s) in " + members.countOrganisations()
                    + " organisation(s)");
            return ExitCodes.OK;
        }
    }

    private int loadFull(HubDatabase db, BufferedReader in, PrintWriter out, PrintWriter err, String header) throws IOException {
        AdminContext ctx = AdminContext.of(db, AdminContext.commandLineActor());
        MembershipCsv.Result result = new MembershipCsv(ctx.admin(), ctx.audit()).load(in, ctx.actor(), header);
        if (!result.ok()) {
            err.println(file + ": " + result.errors().size() + " bad line(s); nothing was loaded:");
            result.errors().forEach(e -> err.println("  " + e));
            return ExitCodes.REFUSED;
        }
        out.println("loaded " + result.organisations() + " organisation(s), " + result.lists() + " group list(s) and "
                + result.representatives() + " representative(s) from " + file + "; the hub now has "
                + ctx.members().countRepresentatives() + " representative(s) in " + ctx.members().countOrganisations()
                + " organisation(s)");
        return ExitCodes.OK;
    }
}
