package org.infohub.core.member;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.infohub.core.db.Jdbc;

/** Reads representatives and lists. Active means the representative and the organisation are. */
public final class MembershipRepository {

    private static final String REPRESENTATIVE_COLUMNS =
            "r.id, r.email, r.name, r.organisation_id, o.name AS org_name, o.sector, "
            + "(r.status = 'active' AND o.status = 'active') AS active";
    private static final String FIND_REPRESENTATIVE = "SELECT " + REPRESENTATIVE_COLUMNS
            + " FROM representative r JOIN organisation o ON o.id = r.organisation_id WHERE r.email = ?";
    private static final String FIND_LIST = "SELECT id, local_part, kind, sector, name FROM hub_list WHERE local_part = ?";
    private static final String ALL_LISTS = "SELECT id, local_part, kind, sector, name FROM hub_list ORDER BY id";
    private static final String ACTIVE_EMAILS = "SELECT r.email FROM representative r "
            + "JOIN organisation o ON o.id = r.organisation_id "
            + "WHERE r.status = 'active' AND o.status = 'active' AND (? IS NULL OR o.sector = ?) ORDER BY r.email";
    private static final String COUNT_REPRESENTATIVES = "SELECT COUNT(*) FROM representative";
    private static final String COUNT_ORGANISATIONS = "SELECT COUNT(*) FROM organisation";

    private final Jdbc jdbc;

    public MembershipRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Representative> findRepresentative(String email) {
        return jdbc.queryOne(FIND_REPRESENTATIVE, MembershipRepository::representative, normalise(email));
    }

    public Optional<HubList> findList(String localPart) {
        return jdbc.queryOne(FIND_LIST, MembershipRepository::list, localPart.toLowerCase(Locale.ROOT));
    }

    public List<HubList> lists() {
        return jdbc.query(ALL_LISTS, MembershipRepository::list);
    }

    /** Addresses of the active representatives a post to {@code list} goes to. */
    public List<String> activeMemberEmails(HubList list) {
        String sector = list.sector().orElse(null);
        return jdbc.query(ACTIVE_EMAILS, rs -> rs.getString(1), sector, sector);
    }

    public long countRepresentatives() {
        return jdbc.queryLong(COUNT_REPRESENTATIVES);
    }

    public long countOrganisations() {
        return jdbc.queryLong(COUNT_ORGANISATIONS);
    }

    public static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private static Representative representative(ResultSet rs) throws SQLException {
        return new Representative(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                rs.getLong("organisation_id"), rs.getString("org_name"), rs.getString("sector"), rs.getBoolean("active"));
    }

    private static HubList list(ResultSet rs) throws SQLException {
        return new HubList(rs.getLong("id"), rs.getString("local_part"), HubList.Kind.valueOf(rs.getString("kind")),
                Optional.ofNullable(rs.getString("sector")), rs.getString("name"));
    }
}
