package org.infohub.core.member;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.infohub.core.db.Jdbc;

/**
 * Loads organisations and representatives from CSV with the header
 * {@code organisation,sector,email,name}. The whole file is checked first; when any line is bad
 * nothing is loaded and every bad line is reported with its number and reason. A known e-mail
 * address updates that representative.
 */
public final class MembershipImport {

    public static final String HEADER = "organisation,sector,email,name";

    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");

    private static final String FIND_ORGANISATION = "SELECT id, sector FROM organisation WHERE name = ?";
    private static final String INSERT_ORGANISATION = "INSERT INTO organisation (name, sector) VALUES (?, ?)";
    private static final String UPSERT_REPRESENTATIVE = "INSERT INTO representative (email, name, organisation_id) "
            + "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), organisation_id = VALUES(organisation_id)";
    // An imported organisation's domains are its representatives' (a domain another organisation
    // already has stays with it; mailbox providers are nobody's organisational domain).
    private static final String INSERT_DOMAIN = "INSERT IGNORE INTO organisation_domain (organisation_id, domain) VALUES (?, ?)";
    private static final Set<String> MAILBOX_PROVIDERS = Set.of("gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
            "live.com", "msn.com", "yahoo.com", "icloud.com", "me.com", "aol.com", "gmx.net", "gmx.de", "web.de",
            "proton.me", "protonmail.com", "mail.com", "yandex.com", "zoho.com");
    private static final String KNOWN_SECTORS = "SELECT code FROM sector";

    /** One row of the file, already checked. */
    private record Row(int line, String organisation, String sector, String email, String name) {
    }

    /** What an import did, or why it did nothing. */
    public record Result(List<String> errors, int representatives, int organisationsCreated) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final Jdbc jdbc;
    private final String actor;

    public MembershipImport(Jdbc jdbc) {
        this(jdbc, "import");
    }

    /** {@code actor} is who is named in the audit log for the import. */
    public MembershipImport(Jdbc jdbc, String actor) {
        this.jdbc = jdbc;
        this.actor = actor;
    }

    public Result load(BufferedReader in) throws IOException {
        Set<String> sectors = new HashSet<>(jdbc.query(KNOWN_SECTORS, rs -> rs.getString(1)));
        List<String> errors = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        String header = in.readLine();
        if (header == null) {
            return new Result(List.of("line 1: the file is empty; it must start with the header " + HEADER), 0, 0);
        }
        if (!header.replace("\uFEFF", "").replace(" ", "").equalsIgnoreCase(HEADER)) {
            errors.add("line 1: the header must be '" + HEADER + "', found '" + header + "'");
        }
        Map<String, Integer> emailLine = new HashMap<>();
        Map<String, Row> orgFirstRow = new HashMap<>();
        for (CsvReader.Line line : CsvReader.read(in, errors)) {
            int n = line.number();
            List<String> f = line.fields();
            if (f.size() != 4) {
                errors.add("line " + n + ": expected 4 fields (" + HEADER + "), found " + f.size());
                continue;
            }
            Row row = new Row(n, f.get(0), f.get(1).toLowerCase(java.util.Locale.ROOT),
                    MembershipRepository.normalise(f.get(2)), f.get(3));
            int before = errors.size();
            if (row.organisation().isEmpty()) {
                errors.add("line " + n + ": the organisation is empty");
            }
            if (!sectors.contains(row.sector())) {
                errors.add("line " + n + ": unknown sector '" + f.get(1) + "' (known: " + String.join(", ",
                        Sectors.CODES) + ")");
            }
            if (!EMAIL.matcher(row.email()).matches()) {
                errors.add("line " + n + ": '" + f.get(2) + "' is not an e-mail address");
            }
            if (row.name().isEmpty()) {
                errors.add("line " + n + ": the name is empty");
            }
            Integer dup = emailLine.putIfAbsent(row.email(), n);
            if (dup != null) {
                errors.add("line " + n + ": " + row.email() + " is already on line " + dup);
            }
            Row first = orgFirstRow.putIfAbsent(row.organisation(), row);
            if (first != null && !first.sector().equals(row.sector()) && errors.size() == before) {
                errors.add("line " + n + ": organisation '" + row.organisation() + "' is in sector " + first.sector()
                        + " on line " + first.line() + ", not " + row.sector());
            }
            if (errors.size() == before) {
                rows.add(row);
            }
        }
        for (Row first : orgFirstRow.values()) {
            Optional<String> existing = jdbc.queryOne(FIND_ORGANISATION, rs -> rs.getString("sector"), first.organisation());
            if (existing.isPresent() && !existing.get().equals(first.sector())) {
                errors.add("line " + first.line() + ": organisation '" + first.organisation() + "' is registered in sector "
                        + existing.get() + ", not " + first.sector());
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparingInt(MembershipImport::lineOf));
            return new Result(errors, 0, 0);
        }
        return jdbc.inTransaction(() -> write(rows));
    }

    private Result write(List<Row> rows) {
        Map<String, Long> orgIds = new HashMap<>();
        int created = 0;
        for (Row row : rows) {
            Long id = orgIds.get(row.organisation());
            if (id == null) {
                Optional<Long> found = jdbc.queryOne(FIND_ORGANISATION, rs -> rs.getLong("id"), row.organisation());
                if (found.isPresent()) {
                    id = found.get();
                } else {
                    id = jdbc.insert(INSERT_ORGANISATION, row.organisation(), row.sector());
                    created++;
                }
                orgIds.put(row.organisation(), id);
            }
            jdbc.execute(UPSERT_REPRESENTATIVE, row.email(), row.name(), id);
            String domain = row.email().substring(row.email().indexOf('@') + 1);
            if (!MAILBOX_PROVIDERS.contains(domain)) {
                jdbc.execute(INSERT_DOMAIN, id, domain);
            }
        }
        // One entry for the whole file: who changed the membership, and how much.
        new org.infohub.core.audit.AuditLog(jdbc, java.time.Clock.systemUTC()).record(actor, "membership.import",
                "membership", "csv", "", rows.size() + " representatives loaded; " + created + " organisations created; "
                        + orgIds.size() + " organisations named");
        return new Result(List.of(), rows.size(), created);
    }

    private static int lineOf(String error) {
        try {
            return Integer.parseInt(error.substring(5, error.indexOf(':')));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
