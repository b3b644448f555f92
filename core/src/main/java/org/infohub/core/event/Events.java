package org.infohub.core.event;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.infohub.core.db.Jdbc;
import org.infohub.core.release.Releases;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.DateTime;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.Version;

/**
 * Events announced by posts: the iCalendar invitation (RFC 5545, read with ical4j) a post carries
 * is kept with its first VEVENT's time, title and place; upcoming ones are listed in the console.
 * A released event's public .ics is written from the release alone ({@link #publicIcs}). An invitation that
 * cannot be read is left aside: the post is shared all the same.
 */
public final class Events {
    /** An event as listed. */
    public record Event(long seq, String uid, String summary, String location, Instant starts, Optional<Instant> ends) {
    }

    private static final int MAX_ICS = 1_000_000;

    private final Jdbc jdbc;

    public Events(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Reads the message's invitation and keeps its event (again: replaced); false when there is none to read. */
    public boolean store(long seq, byte[] raw) {
        Optional<byte[]> ics = calendarPart(raw);
        if (ics.isEmpty()) {
            return false;
        }
        Optional<Event> e = read(seq, ics.get());
        if (e.isEmpty()) {
            return false;
        }
        Event ev = e.get();
        jdbc.execute("REPLACE INTO hub_event (seq, uid, summary, location, starts_at, ends_at, ics) VALUES (?, ?, ?, ?, ?, ?, ?)",
                seq, cut(ev.uid(), 255), cut(ev.summary(), 500), cut(ev.location(), 500), Timestamp.from(ev.starts()),
                ev.ends().map(Timestamp::from).orElse(null), ics.get());
        return true;
    }

    /** The first VEVENT of an iCalendar object, if it has one with a start. */
    public static Optional<Event> read(long seq, byte[] ics) {
        try {
            Calendar calendar = new CalendarBuilder().build(new ByteArrayInputStream(ics));
            VEvent v = (VEvent) calendar.getComponent(Component.VEVENT);
            if (v == null || v.getStartDate() == null || v.getStartDate().getDate() == null) {
                return Optional.empty();
            }
            return Optional.of(new Event(seq, v.getUid() == null ? "" : v.getUid().getValue(),
                    v.getSummary() == null ? "(no title)" : v.getSummary().getValue(),
                    v.getLocation() == null ? "" : v.getLocation().getValue(), v.getStartDate().getDate().toInstant(),
                    Optional.ofNullable(v.getEndDate()).map(d -> d.getDate().toInstant())));
        } catch (Exception | StackOverflowError e) {
            return Optional.empty();
        }
    }

    /** Events starting from {@code from}, soonest first. */
    public List<Event> upcoming(Instant from, int limit) {
        return jdbc.query("SELECT seq, uid, summary, location, starts_at, ends_at FROM hub_event WHERE COALESCE(ends_at, "
                + "starts_at) >= ? ORDER BY starts_at LIMIT ?", Events::event, Timestamp.from(from), limit);
    }

    public Optional<Event> of(long seq) {
        return jdbc.queryOne("SELECT seq, uid, summary, location, starts_at, ends_at FROM hub_event WHERE seq = ?", Events::event,
                seq);
    }

    /** The invitation as the post carried it. */
    public Optional<byte[]> ics(long seq) {
        return jdbc.queryOne("SELECT ics FROM hub_event WHERE seq = ?", rs -> rs.getBytes(1), seq);
    }

    /**
     * A released event's .ics, written afresh from the release alone: its title, its time, its place
     * and link as released, and the link to the release; nothing of the original invitation (its
     * organiser, attendees, place as invited, description) is read. Empty for a release with no event.
     */
    public static Optional<byte[]> publicIcs(Releases.Release release, String hubDomain, String url) {
        return release.event().map(e -> {
            try {
                VEvent v = e.ends().isPresent() ? new VEvent(new DateTime(java.util.Date.from(e.starts())),
                        new DateTime(java.util.Date.from(e.ends().get())), release.title())
                        : new VEvent(new DateTime(java.util.Date.from(e.starts())), release.title());
                v.getProperties().add(new Uid("release-" + release.id() + "@" + hubDomain));
                v.getProperties().add(new Url(java.net.URI.create(e.link().isEmpty() ? url : e.link())));
                if (!e.place().isBlank()) {
                    v.getProperties().add(new net.fortuna.ical4j.model.property.Location(e.place()));
                }
                v.getProperties().add(new net.fortuna.ical4j.model.property.Description(release.summary()));
                // DTSTAMP is when the object was made (RFC 5545 3.8.7.2): the release's publication, the same
                // at every download, not the download's time ical4j puts there.
                v.getProperties().remove(v.getProperty(net.fortuna.ical4j.model.Property.DTSTAMP));
                DateTime stamp = new DateTime(java.util.Date.from(release.publishedAt().orElse(e.starts())));
                stamp.setUtc(true);
                v.getProperties().add(new net.fortuna.ical4j.model.property.DtStamp(stamp));
                Calendar c = new Calendar();
                c.getProperties().add(new ProdId("-//Infohub//Public Zone//EN"));
                c.getProperties().add(Version.VERSION_2_0);
                c.getProperties().add(CalScale.GREGORIAN);
                c.getComponents().add(v);
                java.io.StringWriter unfolded = new java.io.StringWriter();
                // ical4j folds by characters; the lines are folded here by octets instead.
                new CalendarOutputter(true, Integer.MAX_VALUE).output(c, unfolded);
                return foldOctets(unfolded.toString()).getBytes(StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException ex) {
                throw new IllegalStateException("the event's calendar cannot be written: " + ex.getMessage(), ex);
            }
        });
    }

    /**
     * Folds each content line to at most 75 octets of UTF-8 (RFC 5545 3.1): a longer line goes on
     * after CRLF and one space, never inside a character's bytes.
     */
    static String foldOctets(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 50);
        for (String line : text.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            int octets = 0;
            int limit = 75;
            for (int i = 0; i < line.length(); ) {
                int cp = line.codePointAt(i);
                int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (octets + n > limit) {
                    out.append("\r\n ");
                    octets = 1;
                }
                out.appendCodePoint(cp);
                octets += n;
                i += Character.charCount(cp);
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** The first {@code text/calendar} part of a message (walked without recursion), up to 1 MB. */
    public static Optional<byte[]> calendarPart(byte[] raw) {
        if (raw == null || !new String(raw, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT)
                .contains("text/calendar")) {
            return Optional.empty();
        }
        try {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            Deque<Object[]> todo = new ArrayDeque<>();
            todo.push(new Object[] {m, 0});
            while (!todo.isEmpty()) {
                Object[] next = todo.pop();
                Part p = (Part) next[0];
                int depth = (Integer) next[1];
                if (p.isMimeType("multipart/*") && depth < 32 && p.getContent() instanceof Multipart mp) {
                    for (int i = mp.getCount() - 1; i >= 0; i--) {
                        todo.push(new Object[] {mp.getBodyPart(i), depth + 1});
                    }
                } else if (p.isMimeType("text/calendar") || p.isMimeType("application/ics")) {
                    try (InputStream in = p.getInputStream()) {
                        byte[] bytes = in.readNBytes(MAX_ICS + 1);
                        return bytes.length > MAX_ICS ? Optional.empty() : Optional.of(bytes);
                    }
                }
            }
        } catch (Exception e) {
            // no readable invitation
        }
        return Optional.empty();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static Event event(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                Optional.ofNullable(rs.getTimestamp(6)).map(Timestamp::toInstant));
    }
}
