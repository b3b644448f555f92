package org.infohub.server;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.infohub.admin.AdminCli;

/** One run of the command line in the test's JVM, with what it printed on each stream. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
