package org.infohub.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Hostile and broken messages, generated: each carries a marker word in its subject (where it has
 * a readable subject) so the archive row, the copies and any notice can be found again.
 */
final class HostileCorpus {
    /** One message of the corpus; {@code messageId} is empty when the message deliberately has none. */
    record Item(String name, String marker, String messageId, byte[] bytes) {
    }

    private HostileCorpus() {
    }

    static List<Item> items(String from, String to) {
        List<Item> items = new ArrayList<>();
        String h = "From: " + from + "\r\nTo: " + to + "\r\nDate: Sat, 28 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n";
        items.add(item("broken-boundary", h, "multipart/mixed; boundary=\"declared\"",
                "--other\r\nContent-Type: text/plain\r\n\r\nbrokenboundary text survives\r\n--other\r\n"));
        items.add(item("bad-base64", h, "text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64",
                Base64.getEncoder().encodeToString("badbasesixtyfour readable start ".getBytes(StandardCharsets.UTF_8))
                        + "\r\n@@@!!! not base64 at all ***\r\n"));
        items.add(item("bad-qp", h, "text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable",
                "badquotedprintable =ZZ =4 =\r\n=E9t=C3=A9 trailing =\r\n"));
        items.add(item("unknown-charset", h, "text/plain; charset=x-no-such-charset-42", "unknowncharset body\r\n"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            many.append("X-Junk-").append(i).append(": value ").append(i).append("\r\n");
        }
        items.add(item("thousand-headers", h + many, "text/plain", "thousandheaders body\r\n"));
        StringBuilder nested = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            nested.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i + 1)
                    .append("\"\r\n\r\n");
        }
        nested.append("--b200\r\nContent-Type: text/plain\r\n\r\ndeepnesting innermost text\r\n--b200--\r\n");
        for (int i = 199; i >= 0; i--) {
            nested.append("--b").append(i).append("--\r\n");
        }
        items.add(item("nested-200", h, "multipart/mixed; boundary=\"b0\"", nested.toString()));
        items.add(item("nested-3000", h, "multipart/mixed; boundary=\"b0\"", nesting(3000)));
        items.add(item("unbalanced-quote", h, "text/plain; charset=\"\\\"", "unbalancedquote body\r\n"));
        items.add(item("unbalanced-quote-part", h, "multipart/mixed; boundary=\"q\"",
                "--q\r\nContent-Type: text/plain\r\n\r\nfirst part\r\n--q\r\nContent-Type: text/plain; charset=\"\\\"\r\n"
                        + "Content-Disposition: attachment; filename=\"a.txt\r\n\r\nsecond part\r\n--q--\r\n"));
        byte[] big = new byte[20 * 1024 * 1024];
        new Random(42).nextBytes(big);
        items.add(item("attachment-20mb", h, "multipart/mixed; boundary=\"big\"",
                "--big\r\nContent-Type: text/plain\r\n\r\nbigattachment see attached\r\n--big\r\n"
                        + "Content-Type: application/octet-stream; name=\"dump.bin\"\r\n"
                        + "Content-Disposition: attachment; filename=\"dump.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                        + Base64.getMimeEncoder().encodeToString(big) + "\r\n--big--\r\n"));
        items.add(item("empty-body", h, "text/plain", ""));
        String noId = "corpus-no-message-id";
        items.add(new Item("no-message-id", noId, "",
                (h + "Subject: TLP:GREEN " + noId + "\r\nContent-Type: text/plain\r\n\r\nnomessageid body\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
        String noFrom = "corpus-no-from";
        items.add(new Item("no-from", noFrom, "<" + noFrom + "@corpus.example>", ("To: " + to + "\r\nMessage-ID: <" + noFrom
                + "@corpus.example>\r\nSubject: TLP:GREEN " + noFrom + "\r\n\r\nnofrom body\r\n").getBytes(StandardCharsets.US_ASCII)));
        String longSubject = "corpus-long-subject";
        items.add(new Item("subject-100kb", longSubject, "<" + longSubject + "@corpus.example>", (h + "Message-ID: <"
                + longSubject + "@corpus.example>\r\nSubject: TLP:GREEN " + longSubject + folded(100 * 1024)
                + "\r\nContent-Type: text/plain\r\n\r\nlongsubject body\r\n").getBytes(StandardCharsets.US_ASCII)));
        String raw = "corpus-raw-8bit-nul";
        ByteArrayOutputStream eight = new ByteArrayOutputStream();
        eight.writeBytes((h + "Message-ID: <" + raw + "@corpus.example>\r\nSubject: TLP:GREEN " + raw + " caf")
                .getBytes(StandardCharsets.US_ASCII));
        eight.writeBytes(new byte[] {(byte) 0xE9, 0, (byte) 0xFF, ' ', 'x'});
        eight.writeBytes("\r\nX-Binary: a\0b\r\nContent-Type: text/plain\r\n\r\nraweightbit body\r\n".getBytes(StandardCharsets.ISO_8859_1));
        items.add(new Item("raw-8bit-nul-headers", raw, "<" + raw + "@corpus.example>", eight.toByteArray()));
        return items;
    }

    /** {@code size} characters of words, folded into header lines of legal length. */
    private static String folded(int size) {
        StringBuilder sb = new StringBuilder();
        int line = 0;
        while (sb.length() < size) {
            if (line > 70) {
                sb.append("\r\n");
                line = 0;
            }
            sb.append(" word");
            line += 5;
        }
        return sb.toString();
    }

    /** Multiparts {@code depth} levels deep around one text part. */
    private static String nesting(int depth) {
        StringBuilder nested = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            nested.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i + 1)
                    .append("\"\r\n\r\n");
        }
        nested.append("--b").append(depth).append("\r\nContent-Type: text/plain\r\n\r\ninnermost\r\n--b")
                .append(depth).append("--\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            nested.append("--b").append(i).append("--\r\n");
        }
        return nested.toString();
    }

    private static Item item(String name, String headers, String contentType, String body) {
        String marker = "corpus-" + name;
        String id = "<" + marker + "@corpus.example>";
        String text = headers + "Message-ID: " + id + "\r\nSubject: TLP:GREEN " + marker + "\r\nContent-Type: "
                + contentType + "\r\n\r\n" + body;
        return new Item(name, marker, id, text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
