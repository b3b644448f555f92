package org.infohub.admin.member;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.MembershipCsv;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub members export [FILE.csv]}: the whole membership, to a file or standard output. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the whole membership (organisations, group lists, representatives and their delivery "
                + "modes) as CSV with the header " + MembershipCsv.HEADER + ".",
                "'members import' reads it back."})
public class MembersExportCommand extends DatabaseCommand {
    @Parameters(paramLabel = "FILE.csv", arity = "0..1", description = "where to write (default: standard output)")
    Path file;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) throws IOException {
        MembershipCsv csv = new MembershipCsv(ctx.admin(), ctx.audit());
        if (file == null) {
            csv.export(out);
            return ExitCodes.OK;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (PrintWriter w = new PrintWriter(new OutputStreamWriter(org.infohub.core.files.PrivateFiles.create(tmp), StandardCharsets.UTF_8))) {
            csv.export(w);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("wrote the membership to " + file + " (" + ctx.members().countOrganisations() + " organisation(s), "
                + ctx.members().countRepresentatives() + " representative(s))");
        return ExitCodes.OK;
    }
}
