package org.infohub.admin.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What every console page shows around its content: title, who is signed in, the CSRF token, the
 * server's state, the programme's name; and dates as people read them, in the configured zone.
 */
public record Shell(String title, String section, String user, String csrf, ServerStatus server, String notice,
                    long heldWaiting, String programme, ZoneId zone, org.infohub.core.i18n.Messages t) {

    public Shell(String title, String section, String user, String csrf, ServerStatus server, String notice,
                 long heldWaiting, String programme, ZoneId zone) {
        this(title, section, user, csrf, server, notice, heldWaiting, programme, zone,
                org.infohub.core.i18n.Messages.of(org.infohub.core.i18n.Language.EN));
    }

    /** The language the page is in, for {@code <html lang>}. */
    public String lang() {
        return t.language().tag();
    }

    /** The other language the console speaks, for the switch in the header. */
    public org.infohub.core.i18n.Language other() {
        return t.language() == org.infohub.core.i18n.Language.EN ? org.infohub.core.i18n.Language.ZH_HK
                : org.infohub.core.i18n.Language.EN;
    }
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);

    public boolean serverRunning() {
        return server.running();
    }

    public String serverText() {
        return server.text();
    }

    /** "1 Dec 2026, 19:45" in the console's zone. */
    public String when(Instant t) {
        return t == null ? "" : WHEN.format(t.atZone(zone));
    }

    /** The machine-readable form of the same instant, for {@code <time datetime>}. */
    public String iso(Instant t) {
        return t == null ? "" : t.toString();
    }

    public String day(LocalDate d) {
        return d == null ? "" : DAY.format(d);
    }

    /** The zone's short name, for column headings ("Received (CET)"). */
    public String zoneName() {
        return zone.getDisplayName(java.time.format.TextStyle.SHORT, Locale.UK);
    }

    /** {@code aria-current="page"} for the menu entry of the page being shown. */
    public String current(String entry) {
        return entry.equals(section) ? "page" : null;
    }

    /** {@code text} made safe inside HTML, for a value put into a bundle's text that holds markup. */
    public static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
