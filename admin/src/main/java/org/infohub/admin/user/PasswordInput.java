package org.infohub.admin.user;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads a password from the terminal (not echoed, asked twice) or, with --password-stdin, one line of input. */
public final class PasswordInput {
    private PasswordInput() {
    }

    public static String read(boolean fromStdin, String name) throws IOException {
        Console console = System.console();
        if (fromStdin || console == null) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        }
        char[] first = console.readPassword("Password for %s: ", name);
        char[] again = console.readPassword("Again: ");
        if (first == null || again == null || !new String(first).equals(new String(again))) {
            throw new org.infohub.core.member.ValidationException(java.util.Map.of("password", "the two passwords differ"));
        }
        return new String(first);
    }
}
