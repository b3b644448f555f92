package org.infohub.admin;

/** Exit codes of every command, for scripts. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command ran and found the input or the state wrong (bad CSV, unreadable query). */
    public static final int REFUSED = 1;
    /** The command line itself is wrong (picocli's own code). */
    public static final int USAGE = 2;
    /** The configuration, database or index could not be used. */
    public static final int UNAVAILABLE = 3;

    private ExitCodes() {
    }
}
