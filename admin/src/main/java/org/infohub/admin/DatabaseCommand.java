package org.infohub.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.ValidationException;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on the hub's database: opens it (the embedded MariaDB through the data
 * directory, started if the server is not running), runs, and reports input it cannot take as
 * {@code field: what is wrong} with exit code 1.
 */
public abstract class DatabaseCommand implements Callable<Integer> {

    @Mixin
    protected ConfigOptions options;

    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HubDatabase db = HubDatabase.openForTool(options.load())) {
            return run(AdminContext.of(db, AdminContext.commandLineActor()), out, err);
        } catch (ValidationException e) {
            e.fieldErrors().forEach((field, message) -> err.println("infohub: " + field + ": " + message));
            return ExitCodes.REFUSED;
        }
    }

    protected abstract int run(AdminContext ctx, PrintWriter out, PrintWriter err) throws Exception;

    /** Splits {@code a, b c} into words: domains and organisation lists are given that way. */
    protected static java.util.List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }
}
