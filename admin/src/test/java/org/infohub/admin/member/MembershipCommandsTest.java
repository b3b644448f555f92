package org.infohub.admin.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.infohub.admin.AdminCli;
import org.infohub.admin.ExitCodes;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The membership verbs of the command line, as an administrator types them. */
class MembershipCommandsTest {
    private static String url;
    private static String emptyUrl;

    @TempDir
    Path dir;

    @BeforeAll
    static void databases() {
        url = TestDatabase.freshUrl("cli_membership");
        emptyUrl = TestDatabase.freshUrl("cli_membership_empty");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String db, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--db-url", db, "--db-user", TestDatabase.user(), "--db-password-file", TestDatabase.passwordFile()))
                .toArray(String[]::new);
        int code = AdminCli.execute(new PrintWriter(out), new PrintWriter(err), all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aWholeMembershipBuiltOnTheCommandLineSurvivesExportImportAndExportAgain() throws Exception {
        assertThat(run(url, "org", "add", "Harbour Bank", "--sector", "finance", "--domains", "harbour.example hb.example").code())
                .isZero();
        assertThat(run(url, "org", "add", "Quay Bank", "--sector", "finance").code()).isZero();
        assertThat(run(url, "rep", "add", "hana@harbour.example", "--name", "Hana Ito", "--org", "Harbour Bank").code()).isZero();
        assertThat(run(url, "rep", "add", "quinn@quay.example", "--name", "Quinn", "--org", "Quay Bank").code()).isZero();
        assertThat(run(url, "list", "create", "banking", "--name", "Banks' association", "--policy", "moderated",
                "--org", "Harbour Bank", "--org", "Quay Bank").code()).isZero();
        assertThat(run(url, "sub", "hana@harbour.example", "banking", "digest").code()).isZero();
        assertThat(run(url, "org", "suspend", "Quay Bank").out()).contains("Quay Bank is now suspended");
        Path first = dir.resolve("first.csv");
        Path second = dir.resolve("second.csv");

        Run export = run(url, "members", "export", first.toString());
        Run load = run(emptyUrl, "members", "import", first.toString());
        run(emptyUrl, "members", "export", second.toString());

        assertThat(export.code()).as(export.err()).isZero();
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(load.out()).contains("1 group list(s) and 2 representative(s)");
        assertThat(Files.readString(second)).isEqualTo(Files.readString(first));
        assertThat(run(emptyUrl, "list", "members", "banking").out()).contains("hana@harbour.example digest")
                .doesNotContain("quinn@quay.example");
    }

    @Test
    void badInputNamesTheFieldAndChangesNothing() {
        Run r = run(url, "rep", "add", "not-an-address", "--name", "X", "--org", "Nowhere Inc");

        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("email: 'not-an-address' is not an e-mail address")
                .contains("organisation: no organisation named 'Nowhere Inc'");
    }

    @Test
    void statsPrintsTheProgrammesFigures() {
        run(url, "org", "add", "Stats Hospital", "--sector", "healthcare");

        Run r = run(url, "stats");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("organisations:").contains("posts per TLP:")
                .contains("retries while MariaDB was out of reach: 0");
    }
}
