package org.infohub.admin;

import java.io.PrintWriter;

import org.infohub.admin.digest.DigestCommand;
import org.infohub.admin.list.ListCommand;
import org.infohub.admin.release.ReleaseCommand;
import org.infohub.admin.member.MembersCommand;
import org.infohub.admin.organisation.OrganisationCommand;
import org.infohub.admin.representative.RepresentativeCommand;
import org.infohub.admin.stats.StatsCommand;
import org.infohub.admin.subscription.SubscriptionCommand;
import org.infohub.admin.user.AdminUserCommand;
import org.infohub.admin.search.ReindexCommand;
import org.infohub.admin.search.SearchCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The administration command line: one package per noun, one class per verb. */
@Command(name = "infohub", mixinStandardHelpOptions = true,
        description = "Infohub: a mail-native hub for sharing cyber security information.",
        subcommands = {MembersCommand.class, OrganisationCommand.class, RepresentativeCommand.class, ListCommand.class,
                SubscriptionCommand.class, StatsCommand.class, SearchCommand.class, ReindexCommand.class, DigestCommand.class, ReleaseCommand.class, AdminUserCommand.class,
                org.infohub.admin.dkim.DkimCommand.class, org.infohub.admin.backup.BackupCommand.class,
                org.infohub.admin.backup.RestoreCommand.class})
public class AdminCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line with its output captured, as tests and the main method do. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new AdminCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("infohub: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }
}
