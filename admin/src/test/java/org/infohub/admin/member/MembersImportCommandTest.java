package org.infohub.admin.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.infohub.admin.AdminCli;
import org.infohub.admin.ExitCodes;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MembersImportCommandTest {
    private static String url;
    private static HubDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        url = TestDatabase.freshUrl("cli_import");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path csv(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void importShouldReportBadLinesWithTheirNumbersAndLoadNothing() throws IOException {
        Path file = csv("bad.csv", "organisation,sector,email,name\nTram Co,transport,ops@tram.example,Olga Petrova\n"
                + "Bus Co,shipping,ops@bus.example,Ben\n");

        Run run = run("members", "import", file.toString(), "--db-url", url, "--db-user", TestDatabase.user(), "--db-password-file", TestDatabase.passwordFile());

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("1 bad line(s); nothing was loaded").contains("line 3: unknown sector 'shipping'");
        assertThat(new MembershipRepository(db.jdbc()).findRepresentative("ops@tram.example")).isEmpty();
    }

    @Test
    void importShouldLoadAGoodFileAndSayWhatItDid() throws IOException {
        Path file = csv("good.csv", "organisation,sector,email,name\nUni North,education,cert@uni-north.example,Uma Rao\n");

        Run run = run("members", "import", file.toString(), "--db-url", url, "--db-user", TestDatabase.user(), "--db-password-file", TestDatabase.passwordFile());

        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("loaded 1 representative(s)");
        assertThat(new MembershipRepository(db.jdbc()).findRepresentative("cert@uni-north.example"))
                .get().extracting(r -> r.sector()).isEqualTo("education");
    }

    @Test
    void importOfAMissingFileShouldSaySo() {
        Run run = run("members", "import", dir.resolve("nope.csv").toString(), "--db-url", url, "--db-user", TestDatabase.user(), "--db-password-file", TestDatabase.passwordFile());

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("cannot read");
    }
}
