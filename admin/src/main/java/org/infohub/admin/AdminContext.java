package org.infohub.admin;

import java.time.Clock;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;

/** What a command works with once the database is open: built with {@code new}, one per run. */
public record AdminContext(HubDatabase database, Jdbc jdbc, MembershipRepository members, MembershipAdmin admin,
                           AuditLog audit, Clock clock, String actor) {

    public static AdminContext of(HubDatabase database, String actor) {
        Clock clock = Clock.systemUTC();
        MembershipRepository members = new MembershipRepository(database.jdbc());
        AuditLog audit = new AuditLog(database.jdbc(), clock);
        return new AdminContext(database, database.jdbc(), members, new MembershipAdmin(members, audit, clock), audit,
                clock, actor);
    }

    /** Who runs the command line, as the audit log names them. */
    public static String commandLineActor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }
}
