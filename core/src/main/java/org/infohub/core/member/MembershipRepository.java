package org.infohub.core.member;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.db.Jdbc;
import org.infohub.core.db.Jdbc.RowMapper;

/**
 * Reads organisations, representatives, lists and subscriptions. A representative is active when
 * they and their organisation both are; a list's members are the active representatives of its
 * organisations (its sector's, every one for {@code all}, the chosen ones for a group); a member
 * receives posts at once unless their subscription says {@code digest} or {@code off}.
 */
public final class MembershipRepository {

    private static final String REPRESENTATIVE_COLUMNS =
            "r.id, r.email, r.name, r.name_zh, r.language, r.organisation_id, o.name AS org_name, o.sector, r.status, r.joined_at, "
            + "(r.status = 'active' AND o.status = 'active') AS active";
    private static final String REPRESENTATIVE_FROM = " FROM representative r JOIN organisation o ON o.id = r.organisation_id";
    private static final String FIND_REPRESENTATIVE = "SELECT " + REPRESENTATIVE_COLUMNS + REPRESENTATIVE_FROM
            + " WHERE r.email = ? AND CAST(r.email AS BINARY) = CAST(? AS BINARY)";
    /** Active representatives of active organisations who take at least one list as a digest and can be written to. */
    private static final String DIGEST_READERS = "SELECT " + REPRESENTATIVE_COLUMNS + REPRESENTATIVE_FROM
            + " WHERE r.status = 'active' AND o.status = 'active' AND r.delivery_disabled_at IS NULL"
            + " AND EXISTS (SELECT 1 FROM subscription s WHERE s.representative_id = r.id AND s.mode = 'digest') ORDER BY r.email";
    private static final String LIST_COLUMNS = "SELECT id, local_part, kind, sector, name, posting_policy, description, sender_check, one_click, bilingual_footer FROM hub_list";
    private static final String FIND_LIST = LIST_COLUMNS + " WHERE local_part = ?";
    private static final String ALL_LISTS = LIST_COLUMNS + " ORDER BY id";
    private static final String ORGANISATION_COLUMNS = "SELECT o.id, o.name, o.sector, o.status, o.joined_at, "
            + "(SELECT GROUP_CONCAT(d.domain ORDER BY d.domain SEPARATOR ' ') FROM organisation_domain d "
            + "WHERE d.organisation_id = o.id) AS domains, "
            + "(SELECT COUNT(*) FROM representative r WHERE r.organisation_id = o.id) AS reps FROM organisation o";
    private static final String FIND_ORGANISATION = ORGANISATION_COLUMNS + " WHERE o.name = ?";
    private static final String FIND_ORGANISATION_BY_ID = ORGANISATION_COLUMNS + " WHERE o.id = ?";
    private static final String LIST_ORGANISATIONS = "SELECT o.name FROM list_organisation lo "
            + "JOIN organisation o ON o.id = lo.organisation_id WHERE lo.list_id = ? ORDER BY o.name";
    private static final String IS_GROUP_MEMBER =
            "SELECT COUNT(*) FROM list_organisation WHERE list_id = ? AND organisation_id = ?";
    private static final String MODE = "SELECT mode FROM subscription WHERE representative_id = ? AND list_id = ?";
    private static final String SUBSCRIPTIONS = "SELECT l.local_part, s.mode FROM subscription s "
            + "JOIN hub_list l ON l.id = s.list_id WHERE s.representative_id = ? ORDER BY l.local_part";
    private static final String DELIVERY_BASE = "SELECT r.id, r.email, r.organisation_id, COALESCE(s.mode, 'immediate') AS delivery_mode"
            + REPRESENTATIVE_FROM + " LEFT JOIN subscription s ON s.representative_id = r.id AND s.list_id = ?"
            + " WHERE r.status = 'active' AND o.status = 'active' AND r.delivery_disabled_at IS NULL"
            + " AND (? = '' OR COALESCE(s.mode, 'immediate') = ?)";
    private static final String OF_SECTOR = " AND o.sector = ?";
    private static final String OF_GROUP = " AND EXISTS (SELECT 1 FROM list_organisation lo"
            + " WHERE lo.list_id = ? AND lo.organisation_id = o.id)";
    /** How many of the list's members take each delivery mode: the same members, counted in the database. */
    private static final String COUNT_BY_MODE = "SELECT m.delivery_mode, COUNT(*) FROM (%s) m GROUP BY m.delivery_mode";
    /** The members every list of all or of a sector delivers to, by sector (the same conditions as DELIVERY_BASE). */
    private static final String MEMBERS_BY_SECTOR = "SELECT o.sector, COUNT(*)" + REPRESENTATIVE_FROM
            + " WHERE r.status = 'active' AND o.status = 'active' AND r.delivery_disabled_at IS NULL GROUP BY o.sector";
    /** Those of them who chose a mode for one of the lists %s, by list, sector and mode. */
    private static final String SUBSCRIBED_BY_SECTOR = "SELECT s.list_id, o.sector, s.mode, COUNT(*) FROM subscription s"
            + " JOIN representative r ON r.id = s.representative_id JOIN organisation o ON o.id = r.organisation_id"
            + " WHERE s.list_id IN (%s) AND r.status = 'active' AND o.status = 'active' AND r.delivery_disabled_at IS NULL"
            + " GROUP BY s.list_id, o.sector, s.mode";
    private static final String COUNT_REPRESENTATIVES = "SELECT COUNT(*) FROM representative";
    private static final String COUNT_ACTIVE_REPRESENTATIVES = "SELECT COUNT(*)" + REPRESENTATIVE_FROM
            + " WHERE r.status = 'active' AND o.status = 'active'";
    private static final String COUNT_ORGANISATIONS = "SELECT COUNT(*) FROM organisation";

    private final Jdbc jdbc;

    public MembershipRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public Optional<Representative> findRepresentative(String email) {
        // The column's collation ignores accents (bob@secondbänk.example would find Bob of
        // secondbank.example); the index finds the candidates, the bytes decide.
        String e = normalise(email);
        return jdbc.queryOne(FIND_REPRESENTATIVE, MembershipRepository::representative, e, e);
    }

    /**
     * Every representative who reads at least one list as a digest and can be sent one (active, of an
     * active organisation, delivery not stopped), in one query, by address.
     */
    public List<Representative> digestReaders() {
        return jdbc.query(DIGEST_READERS, MembershipRepository::representative);
    }

    public Optional<HubList> findList(String localPart) {
        return jdbc.queryOne(FIND_LIST, MembershipRepository::list, localPart.toLowerCase(Locale.ROOT));
    }

    public List<HubList> lists() {
        return jdbc.query(ALL_LISTS, MembershipRepository::list);
    }

    public Optional<Organisation> findOrganisation(String name) {
        return jdbc.queryOne(FIND_ORGANISATION, MembershipRepository::organisation, name.trim());
    }

    public Optional<Organisation> findOrganisation(long id) {
        return jdbc.queryOne(FIND_ORGANISATION_BY_ID, MembershipRepository::organisation, id);
    }

    /** The member organisations of a group list, by name. */
    public List<String> groupOrganisations(HubList list) {
        return jdbc.query(LIST_ORGANISATIONS, rs -> rs.getString(1), list.id());
    }

    /** Whether {@code rep}'s organisation belongs to {@code list}. */
    public boolean isMember(HubList list, Representative rep) {
        return switch (list.kind()) {
            case ALL -> true;
            case SECTOR -> list.sector().map(s -> s.equals(rep.sector())).orElse(false);
            case GROUP -> jdbc.queryLong(IS_GROUP_MEMBER, list.id(), rep.organisationId()) > 0;
        };
    }

    /** Whether the list's posting policy lets {@code rep} post (their being active is checked apart). */
    public boolean mayPost(HubList list, Representative rep) {
        return list.postingPolicy() != HubList.PostingPolicy.MEMBERS || isMember(list, rep);
    }

    public DeliveryMode modeOf(Representative rep, HubList list) {
        return jdbc.queryOne(MODE, rs -> rs.getString(1), rep.id(), list.id())
                .flatMap(DeliveryMode::parse).orElse(DeliveryMode.IMMEDIATE);
    }

    /** The stored choices of a representative, {@code list=mode}, by list. */
    public List<String> subscriptions(Representative rep) {
        return jdbc.query(SUBSCRIPTIONS, rs -> rs.getString(1) + "=" + rs.getString(2), rep.id());
    }

    /** A member of a list as it is now: an active representative of an active member organisation. */
    public record ListMember(long representativeId, String email, long organisationId, DeliveryMode mode) {
    }

    /** Addresses of the active members of {@code list} who take it in {@code mode}. */
    public List<String> memberEmails(HubList list, DeliveryMode mode) {
        return members(list, Optional.of(mode)).stream().map(ListMember::email).toList();
    }

    /**
     * The list's members now, in any delivery mode, by address. Who may see a <em>post</em> is not
     * this: it is decided once, when the post is shared, and recorded ({@code core.audience.Audience}).
     */
    public List<ListMember> members(HubList list, Optional<DeliveryMode> mode) {
        return members(list, mode.map(DeliveryMode::code).orElse(""), " ORDER BY r.email");
    }

    /**
     * As {@link #members} in every mode, in no particular order: what deciding a post's audience reads
     * (it orders what it keeps itself). MariaDB sorted the 850 members of a list by address for each
     * post, and read each row again after the sort.
     */
    public List<ListMember> membersInAnyOrder(HubList list) {
        return members(list, "", "");
    }

    /** The list's members in {@code mode} (every mode when empty), {@code order} appended to the query. */
    private List<ListMember> members(HubList list, String mode, String order) {
        RowMapper<ListMember> row = rs -> new ListMember(rs.getLong(1), rs.getString(2), rs.getLong(3),
                DeliveryMode.parse(rs.getString(4)).orElse(DeliveryMode.IMMEDIATE));
        return switch (list.kind()) {
            case ALL -> jdbc.query(DELIVERY_BASE + order, row, list.id(), mode, mode);
            case SECTOR -> jdbc.query(DELIVERY_BASE + OF_SECTOR + order, row, list.id(), mode, mode, list.sector().orElse(""));
            case GROUP -> jdbc.query(DELIVERY_BASE + OF_GROUP + order, row, list.id(), mode, mode, list.id());
        };
    }

    /**
     * How many members the list has in each delivery mode (every mode present, zero when none): the
     * members {@link #members} answers, counted without reading 50,000 addresses for a figure.
     */
    public Map<DeliveryMode, Integer> memberCounts(HubList list) {
        Map<DeliveryMode, Integer> counts = new java.util.EnumMap<>(DeliveryMode.class);
        for (DeliveryMode mode : DeliveryMode.values()) {
            counts.put(mode, 0);
        }
        RowMapper<Object> row = rs -> counts.put(DeliveryMode.parse(rs.getString(1)).orElse(DeliveryMode.IMMEDIATE),
                rs.getInt(2));
        switch (list.kind()) {
            case ALL -> jdbc.query(String.format(COUNT_BY_MODE, DELIVERY_BASE), row, list.id(), "", "");
            case SECTOR -> jdbc.query(String.format(COUNT_BY_MODE, DELIVERY_BASE + OF_SECTOR), row, list.id(), "", "",
                    list.sector().orElse(""));
            case GROUP -> jdbc.query(String.format(COUNT_BY_MODE, DELIVERY_BASE + OF_GROUP), row, list.id(), "", "", list.id());
        }
        return counts;
    }

    /**
     * {@link #memberCounts(HubList)} of several lists at once, by list id: the members of {@code all@}
     * and of every sector list are counted in one pass grouped by sector, and the lists'
     * subscriptions in one more, instead of a pass over every member per list (at 50,000
     * representatives the lists page took 0.3 s). A group list is counted on its own, as before.
     */
    public Map<Long, Map<DeliveryMode, Integer>> memberCounts(java.util.Collection<HubList> lists) {
        Map<Long, Map<DeliveryMode, Integer>> out = new java.util.LinkedHashMap<>();
        List<HubList> wide = new ArrayList<>();
        for (HubList l : lists) {
            if (l.kind() == HubList.Kind.GROUP) {
                out.put(l.id(), memberCounts(l));
            } else {
                wide.add(l);
            }
        }
        if (wide.isEmpty()) {
            return out;
        }
        Map<String, Integer> bySector = new java.util.HashMap<>();
        jdbc.query(MEMBERS_BY_SECTOR, rs -> bySector.merge(String.valueOf(rs.getString(1)), rs.getInt(2), Integer::sum));
        // list id -> sector -> mode -> how many of that sector's members chose it
        Map<Long, Map<String, Map<DeliveryMode, Integer>>> chosen = new java.util.HashMap<>();
        jdbc.query(String.format(SUBSCRIBED_BY_SECTOR, String.join(",", java.util.Collections.nCopies(wide.size(), "?"))), rs -> {
            DeliveryMode mode = DeliveryMode.parse(rs.getString(3)).orElse(DeliveryMode.IMMEDIATE);
            return chosen.computeIfAbsent(rs.getLong(1), k -> new java.util.HashMap<>())
                    .computeIfAbsent(String.valueOf(rs.getString(2)), k -> new java.util.EnumMap<>(DeliveryMode.class))
                    .merge(mode, rs.getInt(4), Integer::sum);
        }, wide.stream().map(HubList::id).toArray());
        for (HubList l : wide) {
            Map<DeliveryMode, Integer> counts = new java.util.EnumMap<>(DeliveryMode.class);
            for (DeliveryMode mode : DeliveryMode.values()) {
                counts.put(mode, 0);
            }
            java.util.function.Predicate<String> of = sector -> l.kind() == HubList.Kind.ALL
                    || sector.equals(String.valueOf(l.sector().orElse(null)));
            int members = bySector.entrySet().stream().filter(e -> of.test(e.getKey())).mapToInt(Map.Entry::getValue).sum();
            int others = 0;
            for (Map.Entry<String, Map<DeliveryMode, Integer>> e : chosen.getOrDefault(l.id(), Map.of()).entrySet()) {
                if (of.test(e.getKey())) {
                    for (Map.Entry<DeliveryMode, Integer> m : e.getValue().entrySet()) {
                        if (m.getKey() != DeliveryMode.IMMEDIATE) {
                            counts.merge(m.getKey(), m.getValue(), Integer::sum);
                            others += m.getValue();
                        }
                    }
                }
            }
            counts.put(DeliveryMode.IMMEDIATE, members - others);
            out.put(l.id(), counts);
        }
        return out;
    }

    /** Addresses a post to {@code list} goes to at once. */
    public List<String> activeMemberEmails(HubList list) {
        return memberEmails(list, DeliveryMode.IMMEDIATE);
    }

    public long countRepresentatives() {
        return jdbc.queryLong(COUNT_REPRESENTATIVES);
    }

    public long countActiveRepresentatives() {
        return jdbc.queryLong(COUNT_ACTIVE_REPRESENTATIVES);
    }

    public long countOrganisations() {
        return jdbc.queryLong(COUNT_ORGANISATIONS);
    }

    /** One page of organisations whose name, sector or a domain contains {@code search}. */
    public Page<Organisation> organisations(String search, String sort, boolean descending, int page, int size) {
        return organisations(search, "", "", sort, descending, page, size);
    }

    /** The same, only of {@code sector} and {@code status} when they are not empty. */
    public Page<Organisation> organisations(String search, String sector, String status, String sort, boolean descending,
                                            int page, int size) {
        String order = switch (sort == null ? "" : sort) {
            case "sector" -> "o.sector";
            case "status" -> "o.status";
            case "joined" -> "o.joined_at";
            case "posts" -> "(SELECT COUNT(DISTINCT s.message_id) FROM submission s WHERE s.organisation_id = o.id)";
            case "last" -> "(SELECT MAX(s.received_at) FROM submission s WHERE s.organisation_id = o.id)";
            default -> "o.name";
        };
        String where = " WHERE (? = '' OR o.name LIKE ? OR o.sector LIKE ? OR EXISTS (SELECT 1 FROM organisation_domain d"
                + " WHERE d.organisation_id = o.id AND d.domain LIKE ?))"
                + " AND (? = '' OR o.sector = ?) AND (? = '' OR o.status = ?)";
        String like = like(search);
        String text = search == null ? "" : search.trim();
        String sec = sector == null ? "" : sector;
        String st = status == null ? "" : status;
        long total = jdbc.queryLong("SELECT COUNT(*) FROM organisation o" + where, text, like, like, like, sec, sec, st, st);
        List<Organisation> rows = jdbc.query(ORGANISATION_COLUMNS + where + " ORDER BY " + order + (descending ? " DESC" : "")
                + ", o.id LIMIT ? OFFSET ?", MembershipRepository::organisation, text, like, like, like, sec, sec, st, st, size,
                (long) Math.max(0, page - 1) * size);
        return new Page<>(rows, total, page, size);
    }

    /** One page of representatives whose address, name or organisation contains {@code search}. */
    public Page<Representative> representatives(String search, String sort, boolean descending, int page, int size) {
        return representatives(search, "", "", sort, descending, page, size);
    }

    /**
     * The same, only in {@code sector} and with {@code status} when they are not empty; a
     * representative of a suspended organisation counts as suspended.
     */
    public Page<Representative> representatives(String search, String sector, String status, String sort, boolean descending,
                                                int page, int size) {
        // Only the filters asked for, and the organisation joined only when a filter or the order needs it: at 50,000
        // representatives the page is one index walk instead of a join and a sort of them all. The page's ids are found
        // first and their rows read after, so only those rows are joined.
        String text = search == null ? "" : search.trim();
        String sec = sector == null ? "" : sector;
        String st = status == null ? "" : status;
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (!text.isEmpty()) {
            String like = like(text);
            conditions.add("(r.email LIKE ? OR r.name LIKE ? OR o.name LIKE ?)");
            args.addAll(List.of(like, like, like));
        }
        if (!sec.isEmpty()) {
            conditions.add("o.sector = ?");
            args.add(sec);
        }
        if (st.equals("active")) {
            conditions.add("r.status = 'active' AND o.status = 'active'");
        } else if (st.equals("suspended")) {
            conditions.add("(r.status = 'suspended' OR o.status = 'suspended')");
        } else if (!st.isEmpty()) {
            conditions.add("FALSE");
        }
        String order = switch (sort == null ? "" : sort) {
            case "name" -> "r.name";
            case "organisation" -> "o.name";
            case "sector" -> "o.sector";
            case "status" -> "r.status";
            case "joined" -> "r.joined_at";
            case "posts" -> "COALESCE(a.posts, 0)";
            case "last" -> "a.last";
            default -> "r.email";
        };
        boolean organisation = !conditions.isEmpty() || order.startsWith("o.");
        String from = " FROM representative r" + (organisation ? " JOIN organisation o ON o.id = r.organisation_id" : "");
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        long total = jdbc.queryLong("SELECT COUNT(*)" + from + where, args.toArray());
        String activity = order.startsWith("COALESCE(a.") || order.startsWith("a.")
                ? " LEFT JOIN (SELECT representative_id, COUNT(DISTINCT message_id) AS posts, MAX(received_at) AS last"
                + " FROM submission GROUP BY representative_id) a ON a.representative_id = r.id" : "";
        List<Object> paged = new ArrayList<>(args);
        paged.add(size);
        paged.add((long) Math.max(0, page - 1) * size);
        List<Long> ids = jdbc.query("SELECT r.id" + from + activity + where + " ORDER BY " + order + (descending ? " DESC" : "")
                + ", r.id LIMIT ? OFFSET ?", rs -> rs.getLong(1), paged.toArray());
        if (ids.isEmpty()) {
            return new Page<>(List.of(), total, page, size);
        }
        Map<Long, Representative> byId = new java.util.HashMap<>();
        jdbc.query("SELECT " + REPRESENTATIVE_COLUMNS + REPRESENTATIVE_FROM + " WHERE r.id IN ("
                + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ")", rs -> {
                    Representative r = representative(rs);
                    byId.put(r.id(), r);
                    return null;
                }, ids.toArray());
        return new Page<>(ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList(), total, page, size);
    }

    /** How much a representative or organisation posted: posts (a cross-posted one once) and the latest. */
    public record Activity(long posts, Optional<java.time.Instant> last) {
        public static final Activity NONE = new Activity(0, Optional.empty());
    }

    /** The activity of the representatives {@code ids} (a page of them). */
    public Map<Long, Activity> representativeActivity(java.util.Collection<Long> ids) {
        return activity("representative_id", ids);
    }

    /** The activity of the organisations {@code ids} (a page of them). */
    public Map<Long, Activity> organisationActivity(java.util.Collection<Long> ids) {
        return activity("organisation_id", ids);
    }

    private Map<Long, Activity> activity(String column, java.util.Collection<Long> ids) {
        Map<Long, Activity> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT " + column + ", COUNT(DISTINCT message_id), MAX(received_at) FROM submission WHERE " + column
                + " IN (" + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ") GROUP BY " + column, rs -> {
            out.put(rs.getLong(1), new Activity(rs.getLong(2), Optional.ofNullable(rs.getTimestamp(3)).map(Timestamp::toInstant)));
            return null;
        }, ids.toArray());
        return out;
    }

    /** Every organisation, by name: for export. */
    public List<Organisation> allOrganisations() {
        return jdbc.query(ORGANISATION_COLUMNS + " ORDER BY o.name", MembershipRepository::organisation);
    }

    /** Every organisation's name, in order: the console's type-ahead. */
    public List<String> organisationNames() {
        return jdbc.query("SELECT name FROM organisation ORDER BY name", rs -> rs.getString(1));
    }

    /** Every representative, by e-mail: for export. */
    public List<Representative> allRepresentatives() {
        return jdbc.query("SELECT " + REPRESENTATIVE_COLUMNS + REPRESENTATIVE_FROM + " ORDER BY r.email",
                MembershipRepository::representative);
    }

    /**
     * The one form in which representatives' addresses are stored and compared, byte for byte:
     * surrounding space removed, lower case (local part and domain, as every member's mail system
     * treats them), and a domain in non-ASCII letters written in its IDNA (punycode) form, so
     * {@code bob@secondbänk.example} is {@code bob@xn--secondbnk-q5a.example} and never
     * {@code bob@secondbank.example}. An address whose domain IDNA refuses keeps its lower-case form
     * (it matches only itself).
     */
    public static String normalise(String email) {
        String e = email.trim().toLowerCase(Locale.ROOT);
        int at = e.lastIndexOf('@');
        if (at < 0 || at == e.length() - 1) {
            return e;
        }
        String domain = e.substring(at + 1);
        for (int i = 0; i < domain.length(); i++) {
            if (domain.charAt(i) > 0x7f) {
                try {
                    return e.substring(0, at + 1) + java.net.IDN.toASCII(domain).toLowerCase(Locale.ROOT);
                } catch (IllegalArgumentException notIdna) {
                    return e;
                }
            }
        }
        return e;
    }

    /** The language the hub writes to {@code email} in: the representative's choice, else {@code programme}. */
    public org.infohub.core.i18n.Language languageOf(String email, org.infohub.core.i18n.Language programme) {
        return findRepresentative(email).map(r -> r.languageOr(programme)).orElse(programme);
    }

    /** A LIKE pattern that finds {@code search} anywhere, its own % and _ taken literally. */
    public static String like(String search) {
        String text = search == null ? "" : search.trim();
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static LocalDate date(Timestamp t) {
        return t == null ? LocalDate.EPOCH : t.toLocalDateTime().toLocalDate();
    }

    private static Representative representative(ResultSet rs) throws SQLException {
        return new Representative(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                rs.getLong("organisation_id"), rs.getString("org_name"), rs.getString("sector"), rs.getBoolean("active"),
                Status.parse(rs.getString("status")).orElse(Status.SUSPENDED), date(rs.getTimestamp("joined_at")),
                rs.getString("name_zh"), org.infohub.core.i18n.Language.parse(rs.getString("language")).orElse(null));
    }

    private static Organisation organisation(ResultSet rs) throws SQLException {
        String domains = rs.getString("domains");
        List<String> list = domains == null || domains.isBlank() ? List.of() : new ArrayList<>(Arrays.asList(domains.split(" ")));
        return new Organisation(rs.getLong("id"), rs.getString("name"), rs.getString("sector"), List.copyOf(list),
                Status.parse(rs.getString("status")).orElse(Status.SUSPENDED), date(rs.getTimestamp("joined_at")),
                rs.getInt("reps"));
    }

    private static HubList list(ResultSet rs) throws SQLException {
        return new HubList(rs.getLong("id"), rs.getString("local_part"), HubList.Kind.valueOf(rs.getString("kind")),
                Optional.ofNullable(rs.getString("sector")), rs.getString("name"),
                HubList.PostingPolicy.parse(rs.getString("posting_policy")).orElse(HubList.PostingPolicy.MEMBERS),
                rs.getString("description"),
                HubList.SenderCheck.parse(rs.getString("sender_check")).orElse(HubList.SenderCheck.HOLD),
                HubList.OneClick.parse(rs.getString("one_click")).orElse(HubList.OneClick.PROVIDERS),
                rs.getBoolean("bilingual_footer"));
    }
}
