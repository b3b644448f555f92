package org.infohub.server;

import java.io.PrintWriter;

import org.infohub.admin.AdminCli;

import picocli.CommandLine;

/**
 * The {@code ./infohub} entry point: {@code server} runs the hub here; every other command is the
 * administration command line.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        if (args.length > 0 && args[0].equals("server")) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            CommandLine cl = new CommandLine(new ServerCommand());
            cl.setOut(out);
            cl.setErr(err);
            System.exit(cl.execute(rest));
        }
        System.exit(AdminCli.execute(out, err, args));
    }
}
