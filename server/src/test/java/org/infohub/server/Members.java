package org.infohub.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.infohub.core.db.Jdbc;
import org.infohub.core.member.MembershipImport;

/** The membership every end-to-end test starts from. */
final class Members {
    static final List<String> FINANCE = List.of("alice@bank-one.example", "bob@bank-one.example", "carol@bank-two.example");
    static final List<String> HEALTHCARE = List.of("dan@hospital.example", "erin@clinic.example");
    static final List<String> TECH = List.of("frank@labs.example");

    static final String CSV = """
            organisation,sector,email,name
            Bank One,finance,alice@bank-one.example,Alice Chan
            Bank One,finance,bob@bank-one.example,Bob Lee
            Bank Two,finance,carol@bank-two.example,Carol Diaz
            City Hospital,healthcare,dan@hospital.example,Dan Okafor
            Valley Clinic,healthcare,erin@clinic.example,Erin Smith
            Pixel Labs,tech,frank@labs.example,Frank Moreau
            """;

    private Members() {
    }

    static void load(Jdbc jdbc) throws IOException {
        MembershipImport.Result r = new MembershipImport(jdbc).load(new BufferedReader(new StringReader(CSV)));
        if (!r.ok()) {
            throw new IllegalStateException(r.errors().toString());
        }
    }

    static List<String> everyone() {
        return java.util.stream.Stream.of(FINANCE, HEALTHCARE, TECH).flatMap(List::stream).toList();
    }
}
