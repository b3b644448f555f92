package org.infohub.core.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.infohub.core.db.Jdbc;

/**
 * Who the hub sent each post to at once: one row per post and list, the sorted addresses gzipped
 * (about 4 bytes an address). A post goes out with one return path for all its members, and any of
 * them can read it, so a bounce to it may name anyone; it counts for a member only if they were
 * sent that post ({@link #wasSentTo}).
 */
public final class PostRecipients {
    private static final String UPSERT = "INSERT INTO post_recipients (seq, list_id, recipients) "
            + "SELECT ?, id, ? FROM hub_list WHERE local_part = ? ON DUPLICATE KEY UPDATE recipients = VALUES(recipients)";
    private static final String READ = "SELECT pr.recipients FROM post_recipients pr JOIN hub_list l ON l.id = pr.list_id "
            + "WHERE pr.seq = ? AND l.local_part = ?";

    private final Jdbc jdbc;

    public PostRecipients(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records that post {@code seq} of {@code list} went to {@code emails} (again, after a crash: replaced). */
    public void record(long seq, String list, Collection<String> emails) {
        jdbc.execute(UPSERT, seq, pack(emails), list.toLowerCase(Locale.ROOT));
    }

    /** Whether post {@code seq} of {@code list} was sent to {@code email}. */
    public boolean wasSentTo(long seq, String list, String email) {
        return jdbc.queryOne(READ, rs -> rs.getBytes(1), seq, list.toLowerCase(Locale.ROOT))
                .map(b -> Collections.binarySearch(unpack(b), email.toLowerCase(Locale.ROOT)) >= 0).orElse(false);
    }

    /** Whether post {@code seq} of {@code list} was sent to any of {@code emails} (one read of the list). */
    public boolean wasSentToAny(long seq, String list, Collection<String> emails) {
        return jdbc.queryOne(READ, rs -> rs.getBytes(1), seq, list.toLowerCase(Locale.ROOT)).map(b -> {
            List<String> sent = unpack(b);
            return emails.stream().anyMatch(e -> Collections.binarySearch(sent, e.toLowerCase(Locale.ROOT)) >= 0);
        }).orElse(false);
    }

    static byte[] pack(Collection<String> emails) {
        List<String> sorted = new ArrayList<>();
        for (String e : emails) {
            sorted.add(e.toLowerCase(Locale.ROOT));
        }
        Collections.sort(sorted);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(String.join("\n", sorted).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<String> unpack(byte[] packed) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            String all = new String(gz.readAllBytes(), StandardCharsets.UTF_8);
            return all.isEmpty() ? List.of() : List.of(all.split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
