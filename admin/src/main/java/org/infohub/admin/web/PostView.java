package org.infohub.admin.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.Submission;
import org.infohub.core.db.Jdbc;

/**
 * What a post's console page shows besides its text: the whole thread it belongs to, its
 * attachments (to download), its indicators (members' own addresses left out), its releases and
 * the hub's authentication results. Built from the archived message; nothing in it is trusted.
 */
public record PostView(Submission post, List<ThreadPost> thread, List<Attachment> attachments, List<SeenIndicator> indicators,
                       List<OrganisationProfile.ReleaseRow> releases, List<String> authenticationResults) {

    /** A post of the thread, indented by its depth under the thread's first post. */
    public record ThreadPost(long seq, String subject, String sender, Instant received, int depth, boolean current) {
    }

    /**
     * A message of the conversation as its page shows it: who wrote it (and for which
     * organisation), its label and kind, and its text with quotes and signature folded.
     */
    public record Message(ThreadPost place, String organisation, String tlp, org.infohub.core.kind.Kind kind,
                          List<org.infohub.core.archive.ConversationText.Segment> segments) {
    }

    /** The thread's messages with their texts, in the order received (empty for a post alone). */
    public List<Message> conversation(ArchiveRepository archive) {
        Map<Long, Submission> bySeq = new HashMap<>();
        for (Submission p : archive.findBySeqs(thread.stream().map(ThreadPost::seq).toList())) {
            bySeq.put(p.seq(), p);
        }
        List<Message> out = new ArrayList<>();
        for (ThreadPost t : thread) {
            Submission p = bySeq.get(t.seq());
            if (p != null) {
                out.add(new Message(t, p.organisation().orElse(""), p.tlp().code(), p.kind(),
                        org.infohub.core.archive.ConversationText.segments(p.textBody())));
            }
        }
        return out;
    }

    /** An attachment, numbered in the order of the message's parts. */
    public record Attachment(int number, String name, String type, long bytes) {
    }

    /**
     * An indicator of the post, in how many other posts it was seen, and its classification: for
     * detection or context (why), and the analyst who decided, if one did.
     */
    public record SeenIndicator(String kind, String value, long elsewhere, String query, boolean forDetection,
                                String reason, String setBy) {
        /** What the use column says. */
        public String use() {
            return use(org.infohub.core.i18n.Messages.of(org.infohub.core.i18n.Language.EN));
        }

        /** The same in the page's language (the classifier's reason as it gives it). */
        public String use(org.infohub.core.i18n.Messages t) {
            String use = forDetection ? t.get("console.post.forDetection")
                    : t.get("console.post.contextOnly") + (reason.isEmpty() ? "" : ": " + reason);
            return setBy.isEmpty() ? use : use + t.get("console.post.setBy", setBy);
        }
    }

    private static final int MAX_THREAD = 200;
    private static final int MAX_DEPTH = 32;

    static PostView of(Jdbc jdbc, ArchiveRepository archive, Submission s, String hubDomain) {
        Optional<MimeMessage> message = archive.raw(s.seq()).flatMap(PostView::parse);
        List<SeenIndicator> indicators = archive.classifiedIndicators(s.seq()).stream()
                .filter(c -> !c.indicator().kind().code().equals("email") || !archive.isMemberAddress(c.indicator().value()))
                .map(c -> new SeenIndicator(c.indicator().kind().code(), c.indicator().value(),
                        archive.seenElsewhere(c.indicator(), s.seq()), c.indicator().kind().code() + ":" + c.indicator().value(),
                        c.forDetection(), c.reason().description(), c.setBy().orElse(""))).toList();
        List<OrganisationProfile.ReleaseRow> releases = jdbc.query("SELECT id, title, state FROM public_release WHERE seq = ? "
                + "ORDER BY id", rs -> new OrganisationProfile.ReleaseRow(rs.getLong(1), rs.getString(2),
                rs.getString(3).toLowerCase(Locale.ROOT).replace('_', ' ')), s.seq());
        return new PostView(s, thread(jdbc, s), message.map(PostView::attachments).orElse(List.of()), indicators, releases,
                message.map(m -> authenticationResults(m, hubDomain)).orElse(List.of()));
    }

    static Optional<MimeMessage> parse(byte[] raw) {
        try {
            return Optional.of(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
        } catch (MessagingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every post joined to this one by In-Reply-To, up and down, in the order received. */
    static List<ThreadPost> thread(Jdbc jdbc, Submission s) {
        record Row(long seq, String id, String parent, String subject, String sender, Instant received) {
        }
        Set<String> ids = new LinkedHashSet<>();
        ids.add(s.messageId());
        s.inReplyTo().ifPresent(ids::add);
        Map<Long, Row> rows = new HashMap<>();
        int before = -1;
        while (ids.size() != before && rows.size() < MAX_THREAD) {
            before = ids.size();
            String in = String.join(",", Collections.nCopies(ids.size(), "?"));
            Object[] args = new Object[ids.size() * 2];
            int k = 0;
            for (String id : ids) {
                args[k] = id;
                args[k + ids.size()] = id;
                k++;
            }
            for (Row r : jdbc.query("SELECT seq, message_id, in_reply_to, subject, sender, received_at FROM submission WHERE "
                    + "message_id IN (" + in + ") OR in_reply_to IN (" + in + ") ORDER BY seq LIMIT " + MAX_THREAD,
                    rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getTimestamp(6).toInstant()), args)) {
                rows.putIfAbsent(r.seq(), r);
                ids.add(r.id());
                if (r.parent() != null) {
                    ids.add(r.parent());
                }
            }
        }
        // One row per message (a post to two lists is archived twice), indented under its parent.
        Map<String, Row> byId = new HashMap<>();
        rows.values().stream().sorted((a, b) -> Long.compare(a.seq(), b.seq())).forEach(r -> byId.putIfAbsent(r.id(), r));
        if (byId.size() < 2) {
            return List.of();
        }
        List<ThreadPost> out = new ArrayList<>();
        byId.values().stream().sorted((a, b) -> a.received().equals(b.received()) ? Long.compare(a.seq(), b.seq())
                : a.received().compareTo(b.received())).forEach(r -> {
            int depth = 0;
            String p = r.parent();
            Set<String> seen = new java.util.HashSet<>();
            while (p != null && byId.containsKey(p) && seen.add(p) && depth < MAX_DEPTH) {
                depth++;
                p = byId.get(p).parent();
            }
            out.add(new ThreadPost(r.seq(), r.subject(), r.sender(), r.received(), depth, r.id().equals(s.messageId())));
        });
        return out;
    }

    /** The hub's own Authentication-Results (others are the sender's word). */
    static List<String> authenticationResults(MimeMessage m, String hubDomain) {
        List<String> out = new ArrayList<>();
        try {
            String[] headers = m.getHeader("Authentication-Results");
            for (String h : headers == null ? new String[0] : headers) {
                if (h.trim().toLowerCase(Locale.ROOT).startsWith(hubDomain.toLowerCase(Locale.ROOT))) {
                    out.add(h.replaceAll("\\s+", " ").trim());
                }
            }
        } catch (MessagingException e) {
            // none readable
        }
        return out;
    }

    static List<Attachment> attachments(MimeMessage m) {
        List<Attachment> out = new ArrayList<>();
        List<Part> parts = attachmentParts(m);
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            out.add(new Attachment(i + 1, name(p, i + 1), type(p), size(p)));
        }
        return out;
    }

    /** The message's attachments in order: parts with a file name or disposition attachment, walked without recursion. */
    static List<Part> attachmentParts(MimeMessage m) {
        List<Part> out = new ArrayList<>();
        Deque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[] {m, 0});
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            Part part = (Part) next[0];
            int depth = (Integer) next[1];
            try {
                if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart mp) {
                    if (depth < MAX_DEPTH) {
                        for (int i = mp.getCount() - 1; i >= 0; i--) {
                            BodyPart child = mp.getBodyPart(i);
                            todo.push(new Object[] {child, depth + 1});
                        }
                    }
                } else if (part != m && (part.getFileName() != null || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()))) {
                    out.add(part);
                }
            } catch (MessagingException | IOException | RuntimeException e) {
                // an unreadable part is left out
            }
        }
        return out;
    }

    static String name(Part p, int number) {
        try {
            String n = p.getFileName();
            return n == null || n.isBlank() ? "attachment-" + number : n;
        } catch (MessagingException | RuntimeException e) {
            return "attachment-" + number;
        }
    }

    static String type(Part p) {
        try {
            return p.getContentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    private static long size(Part part) {
        try (InputStream in = part.getInputStream()) {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | MessagingException e) {
            return 0;
        }
    }
}
