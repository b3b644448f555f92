package org.infohub.admin.backup;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.infohub.admin.ExitCodes;
import org.infohub.core.backup.BackupCheck;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./infohub backup verify DIR}: checks a backup without a database or a running hub (on the
 * backup host, before relying on it): every file against its SHA-256 in the manifest, every
 * table read whole and counted, every row's fields, and whether this release can restore it.
 * Exit 0 when it checks out, 1 with each problem (file, and line for a row) when not.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a backup: files against their SHA-256, tables read whole and counted, the schema.")
public class BackupVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the backup's folder")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BackupCheck.Result r = BackupCheck.verify(dir, line -> out.println("  " + line));
        if (!r.ok()) {
            r.problems().forEach(p -> err.println("infohub: " + p));
            err.println("infohub: the backup in " + dir + " does not check out (" + r.problems().size() + " problem"
                    + (r.problems().size() == 1 ? "" : "s") + ")");
            return ExitCodes.REFUSED;
        }
        out.println("Backup in " + dir + " checks out: " + r.tables() + " tables, " + r.rows() + " rows"
                + (r.hadChecksums() ? ", " + r.filesHashed() + " files matching their SHA-256" : ", no checksums recorded")
                + "; schema " + r.schema() + ", which this release restores.");
        return ExitCodes.OK;
    }
}
