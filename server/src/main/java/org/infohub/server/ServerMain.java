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
        // On two cores the JVM's common pool has one thread, and CompletableFuture then starts a new
        // thread for every asynchronous step: dnsjava's lookups (SPF, DKIM, DMARC, MX) made about
        // seven threads a post (bench/ingest --data-end, JFR). Two workers keep them in a pool.
        if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null
                && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
        }
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
