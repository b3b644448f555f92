package org.infohub.core.member;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.Jdbc;

/**
 * The whole membership as one CSV file, and back. One record per line, its kind first:
 * <pre>
 * record,key,name,organisation,sector,status,joined,domains,organisations,policy,subscriptions
 * organisation,Acme Bank,,,finance,active,2026-01-05,acme.example,,,
 * list,banking,Banks' association,,,,,,"Acme Bank;Beta Bank",members,
 * representative,alice@acme.example,Alice Chan,Acme Bank,,active,2026-01-05,,,,finance=digest;banking=off,陳愛麗,zh-HK
 * </pre>
 * The last two columns (a representative's registered Chinese name and the language of the hub's
 * mail to them, {@code en}, {@code zh-HK} or empty for the programme's) came with issue 28; a file
 * of the eleven columns before them is still read, and leaves both as they are.
 * Sector lists and {@code all} exist in every hub and are not written; group lists are. The export
 * is sorted, so exporting, importing into an empty hub and exporting again gives the same file.
 * The import checks the whole file first and changes nothing when any line is wrong, reporting
 * every bad line with its number; known names and addresses are updated, nothing is deleted.
 */
public final class MembershipCsv {

    public static final String HEADER = "record,key,name,organisation,sector,status,joined,domains,organisations,policy,subscriptions,"
            + "name_zh,language";
    /** The header of files written before the Chinese name and language columns. */
    static final String HEADER_11 = "record,key,name,organisation,sector,status,joined,domains,organisations,policy,subscriptions";
    private static final int FIELDS = 13;
    private static final String REPRESENTATIVE_LANGUAGE = "UPDATE representative SET name_zh = ?, language = ? WHERE id = ?";

    private static final String UPDATE_ORGANISATION = "UPDATE organisation SET sector = ?, status = ?, joined_at = ? WHERE id = ?";
    private static final String INSERT_ORGANISATION = "INSERT INTO organisation (name, sector, status, joined_at) VALUES (?, ?, ?, ?)";
    private static final String DELETE_DOMAINS = "DELETE FROM organisation_domain WHERE organisation_id = ?";
    private static final String INSERT_DOMAIN = "INSERT INTO organisation_domain (organisation_id, domain) VALUES (?, ?)";
    private static final String INSERT_LIST = "INSERT INTO hub_list (local_part, kind, sector, name, posting_policy, description) "
            + "VALUES (?, 'GROUP', NULL, ?, ?, '')";
    private static final String UPDATE_LIST = "UPDATE hub_list SET name = ?, posting_policy = ? WHERE id = ?";
    private static final String CLEAR_LIST_ORGS = "DELETE FROM list_organisation WHERE list_id = ?";
    private static final String ADD_LIST_ORG = "INSERT INTO list_organisation (list_id, organisation_id) VALUES (?, ?)";
    private static final String UPSERT_REPRESENTATIVE = "INSERT INTO representative (email, name, organisation_id, status, "
            + "joined_at) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), "
            + "organisation_id = VALUES(organisation_id), status = VALUES(status), joined_at = VALUES(joined_at)";
    private static final String REPRESENTATIVE_ID = "SELECT id FROM representative WHERE email = ?";
    private static final String CLEAR_SUBSCRIPTIONS = "DELETE FROM subscription WHERE representative_id = ?";
    private static final String INSERT_SUBSCRIPTION = "INSERT INTO subscription (representative_id, list_id, mode) VALUES (?, ?, ?)";

    /** What an import did, or why it did nothing. */
    public record Result(List<String> errors, int organisations, int lists, int representatives) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private record OrgRow(int line, String name, String sector, Status status, LocalDate joined, List<String> domains) {
    }

    private record ListRow(int line, String localPart, String name, HubList.PostingPolicy policy, List<String> organisations) {
    }

    private record RepRow(int line, String email, String name, String organisation, Status status, LocalDate joined,
                          Map<String, DeliveryMode> modes, boolean languageColumns, String nameZh,
                          org.infohub.core.i18n.Language language) {
    }

    private final MembershipRepository members;
    private final MembershipAdmin admin;
    private final AuditLog audit;
    private final Jdbc jdbc;

    public MembershipCsv(MembershipAdmin admin, AuditLog audit) {
        this.members = admin.members();
        this.admin = admin;
        this.audit = audit;
        this.jdbc = members.jdbc();
    }

    // ---- export

    public void export(PrintWriter out) {
        out.print(HEADER + "\r\n");
        for (Organisation o : members.allOrganisations()) {
            line(out, "organisation", o.name(), "", "", o.sector(), o.status().code(), o.joined().toString(),
                    String.join(" ", o.domains()), "", "", "", "", "");
        }
        for (HubList l : members.lists().stream().filter(l -> l.kind() == HubList.Kind.GROUP)
                .sorted(Comparator.comparing(HubList::localPart)).toList()) {
            line(out, "list", l.localPart(), l.name(), "", "", "", "", "", String.join(";", members.groupOrganisations(l)),
                    l.postingPolicy().code(), "", "", "");
        }
        for (Representative r : members.allRepresentatives()) {
            line(out, "representative", r.email(), r.name(), r.organisationName(), "", r.status().code(), r.joined().toString(),
                    "", "", "", String.join(";", members.subscriptions(r)), r.chineseName().orElse(""),
                    r.language() == null ? "" : r.language().tag());
        }
        out.flush();
    }

    private static void line(PrintWriter out, String... fields) {
        CsvReader.write(out, fields);
    }


    // ---- import

    public static boolean isFullFormat(String header) {
        return fieldsOf(header) > 0;
    }

    /** How many fields the lines under this header have: 13, 11 for a file from before issue 28, 0 for another header. */
    private static int fieldsOf(String header) {
        String h = header == null ? "" : header.replace("\uFEFF", "").replace(" ", "");
        return h.equalsIgnoreCase(HEADER) ? FIELDS : h.equalsIgnoreCase(HEADER_11) ? 11 : 0;
    }

    /** Reads the file after its header line of 13 columns (already checked with {@link #isFullFormat}). */
    public Result load(BufferedReader in, String actor) throws IOException {
        return load(in, actor, HEADER);
    }

    /** Reads the file after {@code header} (already checked with {@link #isFullFormat}): 13 columns, or the 11 of older files. */
    public Result load(BufferedReader in, String actor, String header) throws IOException {
        int fields = fieldsOf(header) == 0 ? FIELDS : fieldsOf(header);
        Set<String> sectors = new HashSet<>(admin.sectors());
        List<String> errors = new ArrayList<>();
        Map<String, OrgRow> orgs = new LinkedHashMap<>();
        Map<String, ListRow> lists = new LinkedHashMap<>();
        Map<String, RepRow> reps = new LinkedHashMap<>();
        Map<String, Integer> domainLine = new HashMap<>();
        for (CsvReader.Line line : CsvReader.read(in, errors)) {
            int n = line.number();
            List<String> f = line.fields();
            if (f.size() != fields) {
                errors.add("line " + n + ": expected " + fields + " fields (" + (fields == FIELDS ? HEADER : HEADER_11)
                        + "), found " + f.size());
                continue;
            }
            String kind = f.get(0).toLowerCase(Locale.ROOT);
            switch (kind) {
                case "organisation" -> organisationRow(n, f, sectors, orgs, domainLine, errors);
                case "list" -> listRow(n, f, lists, errors);
                case "representative" -> representativeRow(n, f, reps, errors);
                default -> errors.add("line " + n + ": unknown record '" + f.get(0)
                        + "' (organisation, list or representative)");
            }
        }
        crossCheck(orgs, lists, reps, errors);
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingInt(MembershipCsv::lineOf));
            return new Result(errors, 0, 0, 0);
        }
        return jdbc.inTransaction(() -> {
            Result r = write(orgs.values(), lists.values(), reps.values());
            audit.record(actor, "membership.import", "membership", "csv", "",
                    "organisations=" + r.organisations() + "; lists=" + r.lists() + "; representatives=" + r.representatives());
            return r;
        });
    }

    private void organisationRow(int n, List<String> f, Set<String> sectors, Map<String, OrgRow> orgs,
                                 Map<String, Integer> domainLine, List<String> errors) {
        int before = errors.size();
        String name = f.get(1).strip();
        if (name.isEmpty()) {
            errors.add("line " + n + ": the organisation's name (key) is empty");
        }
        String sector = f.get(4).toLowerCase(Locale.ROOT);
        if (!sectors.contains(sector)) {
            errors.add("line " + n + ": unknown sector '" + f.get(4) + "' (known: " + String.join(", ", Sectors.CODES) + ")");
        }
        Optional<Status> status = status(n, f.get(5), errors);
        Optional<LocalDate> joined = date(n, f.get(6), errors);
        List<String> domains = new ArrayList<>();
        for (String d : f.get(7).toLowerCase(Locale.ROOT).split("[\\s;]+")) {
            if (d.isBlank()) {
                continue;
            }
            if (!d.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
                errors.add("line " + n + ": '" + d + "' is not a domain name");
            } else {
                Integer other = domainLine.putIfAbsent(d, n);
                if (other != null && other != n) {
                    errors.add("line " + n + ": the domain " + d + " is already given on line " + other);
                }
                domains.add(d);
            }
        }
        if (orgs.containsKey(name)) {
            errors.add("line " + n + ": organisation '" + name + "' is already on line " + orgs.get(name).line());
        }
        if (errors.size() == before) {
            orgs.put(name, new OrgRow(n, name, sector, status.orElseThrow(), joined.orElseThrow(),
                    domains.stream().sorted().distinct().toList()));
        }
    }

    private void listRow(int n, List<String> f, Map<String, ListRow> lists, List<String> errors) {
        int before = errors.size();
        String part = f.get(1).toLowerCase(Locale.ROOT).strip();
        Optional<HubList> existing = members.findList(part);
        if (existing.isPresent() && existing.get().kind() != HubList.Kind.GROUP) {
            errors.add("line " + n + ": " + part + "@ is a " + existing.get().kind().name().toLowerCase(Locale.ROOT)
                    + " list; only group lists are imported");
        } else if (!part.matches("[a-z0-9]([a-z0-9.-]{0,62}[a-z0-9])?")) {
            errors.add("line " + n + ": '" + f.get(1) + "' cannot be a list address");
        }
        if (f.get(2).isBlank()) {
            errors.add("line " + n + ": the list's name is empty");
        }
        Optional<HubList.PostingPolicy> policy = HubList.PostingPolicy.parse(f.get(9));
        if (policy.isEmpty()) {
            errors.add("line " + n + ": unknown posting policy '" + f.get(9) + "' (members, anyone or moderated)");
        }
        if (lists.containsKey(part)) {
            errors.add("line " + n + ": list " + part + " is already on line " + lists.get(part).line());
        }
        if (errors.size() == before) {
            List<String> orgs = Arrays.stream(f.get(8).split(";")).map(String::strip).filter(s -> !s.isEmpty())
                    .sorted().distinct().toList();
            lists.put(part, new ListRow(n, part, f.get(2).strip(), policy.orElseThrow(), orgs));
        }
    }

    private void representativeRow(int n, List<String> f, Map<String, RepRow> reps, List<String> errors) {
        int before = errors.size();
        String email = MembershipRepository.normalise(f.get(1));
        if (!MembershipAdmin.EMAIL.matcher(email).matches()) {
            errors.add("line " + n + ": '" + f.get(1) + "' is not an e-mail address");
        }
        if (f.get(2).isBlank()) {
            errors.add("line " + n + ": the name is empty");
        }
        if (f.get(3).isBlank()) {
            errors.add("line " + n + ": the organisation is empty");
        }
        Optional<Status> status = status(n, f.get(5), errors);
        Optional<LocalDate> joined = date(n, f.get(6), errors);
        Map<String, DeliveryMode> modes = new LinkedHashMap<>();
        for (String pair : f.get(10).split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            Optional<DeliveryMode> mode = eq < 0 ? Optional.empty() : DeliveryMode.parse(pair.substring(eq + 1));
            if (mode.isEmpty()) {
                errors.add("line " + n + ": '" + pair.strip() + "' must be list=immediate, list=digest or list=off");
            } else {
                modes.put(pair.substring(0, eq).strip().toLowerCase(Locale.ROOT), mode.get());
            }
        }
        if (reps.containsKey(email)) {
            errors.add("line " + n + ": " + email + " is already on line " + reps.get(email).line());
        }
        boolean languageColumns = f.size() >= 13;
        String nameZh = languageColumns ? f.get(11).strip() : "";
        if (nameZh.length() > 64) {
            errors.add("line " + n + ": the Chinese name has more than 64 characters");
        }
        org.infohub.core.i18n.Language language = null;
        if (languageColumns && !f.get(12).isBlank()) {
            language = org.infohub.core.i18n.Language.parse(f.get(12)).orElse(null);
            if (language == null) {
                errors.add("line " + n + ": '" + f.get(12).strip() + "' is not a language (en, zh-HK, or empty for the "
                        + "programme's)");
            }
        }
        if (errors.size() == before) {
            reps.put(email, new RepRow(n, email, f.get(2).strip(), f.get(3).strip(), status.orElseThrow(),
                    joined.orElseThrow(), modes, languageColumns, nameZh, language));
        }
    }

    /** Names that must exist, in the file or in the hub. */
    private void crossCheck(Map<String, OrgRow> orgs, Map<String, ListRow> lists, Map<String, RepRow> reps,
                            List<String> errors) {
        for (OrgRow o : orgs.values()) {
            members.findOrganisation(o.name()).ifPresent(existing -> {
                for (String d : o.domains()) {
                    jdbc.queryOne("SELECT o.name FROM organisation_domain d JOIN organisation o ON o.id = d.organisation_id "
                                    + "WHERE d.domain = ? AND d.organisation_id <> ?", rs -> rs.getString(1), d, existing.id())
                            .filter(owner -> !orgs.containsKey(owner) || orgs.get(owner).domains().contains(d))
                            .ifPresent(owner -> errors.add("line " + o.line() + ": the domain " + d + " belongs to " + owner));
                }
            });
        }
        for (ListRow l : lists.values()) {
            for (String org : l.organisations()) {
                if (!orgs.containsKey(org) && members.findOrganisation(org).isEmpty()) {
                    errors.add("line " + l.line() + ": unknown organisation '" + org + "'");
                }
            }
        }
        for (RepRow r : reps.values()) {
            if (!orgs.containsKey(r.organisation()) && members.findOrganisation(r.organisation()).isEmpty()) {
                errors.add("line " + r.line() + ": unknown organisation '" + r.organisation() + "'");
                continue;
            }
            for (String list : r.modes().keySet()) {
                if (!lists.containsKey(list) && members.findList(list).isEmpty()) {
                    errors.add("line " + r.line() + ": unknown list '" + list + "'");
                }
            }
        }
    }

    private Result write(java.util.Collection<OrgRow> orgs, java.util.Collection<ListRow> lists,
                         java.util.Collection<RepRow> reps) {
        for (OrgRow o : orgs) {
            Optional<Organisation> existing = members.findOrganisation(o.name());
            long id;
            if (existing.isPresent()) {
                id = existing.get().id();
                jdbc.execute(UPDATE_ORGANISATION, o.sector(), o.status().code(), Timestamp.valueOf(o.joined().atStartOfDay()), id);
                jdbc.execute(DELETE_DOMAINS, id);
            } else {
                id = jdbc.insert(INSERT_ORGANISATION, o.name(), o.sector(), o.status().code(),
                        Timestamp.valueOf(o.joined().atStartOfDay()));
            }
            for (String d : o.domains()) {
                jdbc.execute(INSERT_DOMAIN, id, d);
            }
        }
        for (ListRow l : lists) {
            Optional<HubList> existing = members.findList(l.localPart());
            long id;
            if (existing.isPresent()) {
                id = existing.get().id();
                jdbc.execute(UPDATE_LIST, l.name(), l.policy().code(), id);
                jdbc.execute(CLEAR_LIST_ORGS, id);
            } else {
                id = jdbc.insert(INSERT_LIST, l.localPart(), l.name(), l.policy().code());
            }
            for (String org : l.organisations()) {
                jdbc.execute(ADD_LIST_ORG, id, members.findOrganisation(org).orElseThrow().id());
            }
        }
        for (RepRow r : reps) {
            long orgId = members.findOrganisation(r.organisation()).orElseThrow().id();
            jdbc.execute(UPSERT_REPRESENTATIVE, r.email(), r.name(), orgId, r.status().code(),
                    Timestamp.valueOf(r.joined().atStartOfDay()));
            long repId = jdbc.queryLong(REPRESENTATIVE_ID, r.email());
            if (r.languageColumns()) {
                jdbc.execute(REPRESENTATIVE_LANGUAGE, r.nameZh().isEmpty() ? null : r.nameZh(),
                        r.language() == null ? null : r.language().tag(), repId);
            }
            org.infohub.core.digest.Digests.startCursor(jdbc, repId, java.time.Instant.now());
            jdbc.execute(CLEAR_SUBSCRIPTIONS, repId);
            for (Map.Entry<String, DeliveryMode> m : r.modes().entrySet()) {
                jdbc.execute(INSERT_SUBSCRIPTION, repId, members.findList(m.getKey()).orElseThrow().id(), m.getValue().code());
            }
        }
        return new Result(List.of(), orgs.size(), lists.size(), reps.size());
    }

    private static Optional<Status> status(int n, String text, List<String> errors) {
        if (text.isBlank()) {
            return Optional.of(Status.ACTIVE);
        }
        Optional<Status> s = Status.parse(text);
        if (s.isEmpty()) {
            errors.add("line " + n + ": unknown status '" + text + "' (active or suspended)");
        }
        return s;
    }

    private static Optional<LocalDate> date(int n, String text, List<String> errors) {
        if (text.isBlank()) {
            return Optional.of(LocalDate.now());
        }
        try {
            return Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            errors.add("line " + n + ": '" + text + "' is not a date (YYYY-MM-DD)");
            return Optional.empty();
        }
    }

    private static int lineOf(String error) {
        try {
            return Integer.parseInt(error.substring(5, error.indexOf(':')));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
