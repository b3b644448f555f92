package org.infohub.core.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MembershipCsvTest {
    private static HubDatabase source;
    private static HubDatabase empty;
    private static HubDatabase broken;

    @BeforeAll
    static void startDatabases() {
        source = TestDatabase.fresh("csv_source");
        empty = TestDatabase.fresh("csv_empty");
        broken = TestDatabase.fresh("csv_broken");
    }

    @AfterAll
    static void closeDatabases() {
        source.close();
        empty.close();
        broken.close();
    }

    private static MembershipCsv csv(HubDatabase db) {
        Clock clock = Clock.systemUTC();
        AuditLog audit = new AuditLog(db.jdbc(), clock);
        return new MembershipCsv(new MembershipAdmin(new MembershipRepository(db.jdbc()), audit, clock), audit);
    }

    private static String export(HubDatabase db) {
        StringWriter out = new StringWriter();
        csv(db).export(new PrintWriter(out));
        return out.toString();
    }

    private static MembershipCsv.Result load(HubDatabase db, String text) throws IOException {
        BufferedReader in = new BufferedReader(new StringReader(text));
        String header = in.readLine();
        assertThat(MembershipCsv.isFullFormat(header)).isTrue();
        return csv(db).load(in, "test", header);
    }

    @Test
    void exportImportIntoAnEmptyHubAndExportAgainGivesTheSameFile() throws IOException {
        Clock clock = Clock.systemUTC();
        MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(source.jdbc()), new AuditLog(source.jdbc(), clock), clock);
        admin.createOrganisation("t", "First Bank, plc", "finance", List.of("firstbank.example", "fb.example"), Status.ACTIVE,
                LocalDate.parse("2025-02-03"));
        admin.createOrganisation("t", "<script>alert(1)</script>", "tech", List.of(), Status.SUSPENDED,
                LocalDate.parse("2024-12-31"));
        admin.createOrganisation("t", "Second \"Bank\"", "finance", List.of(), Status.ACTIVE, LocalDate.parse("2026-01-01"));
        admin.addRepresentative("t", "alice@firstbank.example", "Alice Chan", "First Bank, plc", Status.ACTIVE,
                LocalDate.parse("2025-02-04"));
        admin.addRepresentative("t", "bob@second.example", "Bob Lee", "Second \"Bank\"", Status.SUSPENDED,
                LocalDate.parse("2026-01-02"));
        admin.addRepresentative("t", "eve@tech.example", "Eve", "<script>alert(1)</script>", Status.ACTIVE,
                LocalDate.parse("2025-01-01"));
        admin.createGroupList("t", "banking", "Banks' association", HubList.PostingPolicy.MODERATED, "",
                List.of("First Bank, plc", "Second \"Bank\""));
        admin.setSubscription("t", "alice@firstbank.example", "finance", DeliveryMode.DIGEST);
        admin.setSubscription("t", "alice@firstbank.example", "banking", DeliveryMode.OFF);
        admin.setChineseName("t", "alice@firstbank.example", "陳愛麗");
        admin.setLanguage("t", "alice@firstbank.example", org.infohub.core.i18n.Language.ZH_HK);

        String first = export(source);
        MembershipCsv.Result result = load(empty, first);
        String second = export(empty);

        assertThat(result.errors()).isEmpty();
        assertThat(result.organisations()).isEqualTo(3);
        assertThat(result.lists()).isEqualTo(1);
        assertThat(result.representatives()).isEqualTo(3);
        // What the file must say, written out by hand from the records above (not from the code).
        assertThat(first.lines()).first().isEqualTo(MembershipCsv.HEADER);
        assertThat(first.lines()).contains(
                "organisation,<script>alert(1)</script>,,,tech,suspended,2024-12-31,,,,,,",
                "organisation,\"Second \"\"Bank\"\"\",,,finance,active,2026-01-01,,,,,,",
                "list,banking,Banks' association,,,,,,\"First Bank, plc;Second \"\"Bank\"\"\",moderated,,,",
                "representative,alice@firstbank.example,Alice Chan,\"First Bank, plc\",,active,2025-02-04,,,,"
                        + "banking=off;finance=digest,陳愛麗,zh-HK",
                "representative,bob@second.example,Bob Lee,\"Second \"\"Bank\"\"\",,suspended,2026-01-02,,,,,,",
                "representative,eve@tech.example,Eve,<script>alert(1)</script>,,active,2025-01-01,,,,,,");
        assertThat(first.lines()).anyMatch(l -> l.matches("organisation,\"First Bank, plc\",,,finance,active,2025-02-03,"
                + "(firstbank\\.example fb\\.example|fb\\.example firstbank\\.example),,,,,"));
        assertThat(first.lines()).hasSize(8);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aFileWithBadLinesLoadsNothingAndNamesEveryLine() throws IOException {
        // A file of the eleven columns written before issue 28 is still read, line by line.
        MembershipCsv.Result result = load(broken, MembershipCsv.HEADER_11 + "\n"
                + "organisation,Good Org,,,finance,active,2026-01-01,good.example,,,\n"
                + "organisation,Bad Org,,,banking,active,2026-01-01,,,,\n"
                + "representative,not-an-address,Someone,Good Org,,active,2026-01-01,,,,\n"
                + "representative,dan@good.example,Dan,Nobody Inc,,,,,,,\n"
                + "representative,erin@good.example,Erin,Good Org,,sleeping,2026-13-01,,,,finance=sometimes\n"
                + "list,group1,Group,,,,,,Missing Org,members,\n"
                + "widget,x,,,,,,,,,\n");

        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).anyMatch(e -> e.startsWith("line 3: unknown sector 'banking'"))
                .anyMatch(e -> e.startsWith("line 4: 'not-an-address' is not an e-mail address"))
                .anyMatch(e -> e.startsWith("line 5: unknown organisation 'Nobody Inc'"))
                .anyMatch(e -> e.startsWith("line 6: unknown status 'sleeping'"))
                .anyMatch(e -> e.startsWith("line 6: '2026-13-01' is not a date"))
                .anyMatch(e -> e.startsWith("line 6: 'finance=sometimes'"))
                .anyMatch(e -> e.startsWith("line 7: unknown organisation 'Missing Org'"))
                .anyMatch(e -> e.startsWith("line 8: unknown record 'widget'"));
        assertThat(new MembershipRepository(broken.jdbc()).countOrganisations()).isZero();
    }

    @Test
    void aLanguageOrChineseNameTheHubCannotTakeNamesItsLine() throws IOException {
        MembershipCsv.Result result = load(broken, MembershipCsv.HEADER + "\n"
                + "organisation,Good Org,,,finance,active,2026-01-01,good.example,,,,,\n"
                + "representative,fay@good.example,Fay,Good Org,,active,2026-01-01,,,,,,fr\n"
                + "representative,gus@good.example,Gus,Good Org,,active,2026-01-01,,,,," + "名".repeat(65) + ",zh-HK\n"
                + "representative,hal@good.example,Hal,Good Org,,active,2026-01-01,,,,\n");

        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).anyMatch(e -> e.startsWith("line 3: 'fr' is not a language"))
                .anyMatch(e -> e.startsWith("line 4: the Chinese name has more than 64 characters"))
                .anyMatch(e -> e.startsWith("line 5: expected 13 fields"));
    }
}
