package org.infohub.core.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembershipImportTest {
    private static HubDatabase db;
    private MembershipRepository members;
    private MembershipImport importer;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.fresh("import_test");
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void clean() {
        db.jdbc().execute("DELETE FROM representative");
        db.jdbc().execute("DELETE FROM organisation");
        members = new MembershipRepository(db.jdbc());
        importer = new MembershipImport(db.jdbc());
    }

    private MembershipImport.Result load(String csv) throws IOException {
        return importer.load(new BufferedReader(new StringReader(csv)));
    }

    @Test
    void loadShouldRegisterOrganisationsAndRepresentatives() throws IOException {
        MembershipImport.Result result = load("""
                organisation,sector,email,name
                First Bank,finance,Alice@FirstBank.example,Alice Chan
                "Bank, Second",finance,bob@second.example,"Bob ""Bobby"" Lee"
                City Hospital,healthcare,carol@hospital.example,Carol Diaz
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.representatives()).isEqualTo(3);
        assertThat(result.organisationsCreated()).isEqualTo(3);
        Representative alice = members.findRepresentative("alice@firstbank.example").orElseThrow();
        assertThat(alice.organisationName()).isEqualTo("First Bank");
        assertThat(alice.sector()).isEqualTo("finance");
        assertThat(members.findRepresentative("BOB@second.example").orElseThrow().name()).isEqualTo("Bob \"Bobby\" Lee");
        assertThat(members.activeMemberEmails(members.findList("finance").orElseThrow()))
                .containsExactly("alice@firstbank.example", "bob@second.example");
        assertThat(members.activeMemberEmails(members.findList("all").orElseThrow())).hasSize(3);
    }

    @Test
    void loadShouldReportEveryBadLineWithItsNumberAndLoadNothing() throws IOException {
        MembershipImport.Result result = load("""
                organisation,sector,email,name
                First Bank,finance,alice@firstbank.example,Alice Chan
                Bad Sector Ltd,banking,x@bad.example,Xavier
                First Bank,finance,not-an-address,Nobody
                First Bank,healthcare,dan@firstbank.example,Dan
                Too,few,fields
                Other,finance,alice@firstbank.example,Alice Again
                """);

        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).hasSize(5);
        assertThat(result.errors().get(0)).startsWith("line 3: unknown sector 'banking'");
        assertThat(result.errors().get(1)).startsWith("line 4: 'not-an-address' is not an e-mail address");
        assertThat(result.errors().get(2)).startsWith("line 5: organisation 'First Bank' is in sector finance");
        assertThat(result.errors().get(3)).startsWith("line 6: expected 4 fields");
        assertThat(result.errors().get(4)).startsWith("line 7: alice@firstbank.example is already on line 2");
        assertThat(members.countRepresentatives()).isZero();
        assertThat(members.countOrganisations()).isZero();
    }

    @Test
    void aQuotedFieldSpanningLinesAsSpreadsheetsWriteItIsReadAndLaterLinesKeepTheirNumbers() throws IOException {
        MembershipImport.Result result = load("organisation,sector,email,name\r\n"
                + "\"Harbour Bank, Zurich branch\",finance,ada@harbour.example,\"Ada \"\"Ops\"\"\r\nLovelace\"\r\n"
                + "Harbour Bank,banking,bad@harbour.example,Bad\r\n");
        assertThat(result.errors()).containsExactly("line 4: unknown sector 'banking' (known: finance, utilities, transport, "
                + "healthcare, telecom, tech, infosec, education)");

        result = load("organisation,sector,email,name\r\n"
                + "\"Harbour Bank, Zurich branch\",finance,ada@harbour.example,\"Ada \"\"Ops\"\"\r\nLovelace\"\r\n");
        assertThat(result.ok()).isTrue();
        assertThat(members.findRepresentative("ada@harbour.example").orElseThrow().name()).isEqualTo("Ada \"Ops\"\r\nLovelace");
        assertThat(members.findOrganisation("Harbour Bank, Zurich branch")).isPresent();

        result = load("organisation,sector,email,name\n\"Unclosed,finance,x@y.example,X\n");
        assertThat(result.errors()).singleElement().asString().contains("line 2").contains("not closed");
    }

    @Test
    void loadShouldRefuseAFileWithoutTheHeader() throws IOException {
        MembershipImport.Result result = load("First Bank,finance,alice@firstbank.example,Alice Chan\n");

        assertThat(result.errors()).first().asString().startsWith("line 1: the header must be");
        assertThat(members.countRepresentatives()).isZero();
    }

    @Test
    void loadShouldUpdateAKnownRepresentative() throws IOException {
        load("organisation,sector,email,name\nFirst Bank,finance,alice@firstbank.example,Alice Chan\n");

        MembershipImport.Result again = load("organisation,sector,email,name\nFirst Bank,finance,alice@firstbank.example,Alice Chan-Wong\n");

        assertThat(again.ok()).isTrue();
        assertThat(members.countRepresentatives()).isEqualTo(1);
        assertThat(members.findRepresentative("alice@firstbank.example").orElseThrow().name()).isEqualTo("Alice Chan-Wong");
    }
}
