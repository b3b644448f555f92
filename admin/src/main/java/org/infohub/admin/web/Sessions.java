package org.infohub.admin.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions, in memory: a random id in an HttpOnly, SameSite=Strict cookie, a CSRF token
 * per session, eight hours idle at most. A restart of the console signs everyone out.
 */
final class Sessions {
    static final String COOKIE = "infohub_session";
    static final Duration IDLE = Duration.ofHours(8);

    /** One browser's session: anonymous until sign-in (it still carries a CSRF token for the sign-in form). */
    static final class Session {
        final String id;
        final String csrf;
        volatile String user;
        volatile Instant lastSeen;
        /** The success banner of the next page, set by the action that redirects to it. */
        volatile String flash;

        Session(String id, String csrf, Instant now) {
            this.id = id;
            this.csrf = csrf;
            this.lastSeen = now;
        }

        boolean signedIn() {
            return user != null;
        }
    }

    /**
     * Anonymous sessions (a visit to the sign-in page makes one, for its CSRF token) at most: past
     * it the oldest anonymous ones go, so requests for the sign-in page cannot fill the memory.
     */
    static final int MAX_ANONYMOUS = 10_000;

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<String> anonymous = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger anonymousCount = new java.util.concurrent.atomic.AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        Instant now = clock.instant();
        if (s == null || s.lastSeen.plus(IDLE).isBefore(now)) {
            if (s != null) {
                sessions.remove(id);
            }
            return Optional.empty();
        }
        s.lastSeen = now;
        return Optional.of(s);
    }

    Session create() {
        Session s = new Session(token(), token(), clock.instant());
        sessions.put(s.id, s);
        anonymous.add(s.id);
        if (anonymousCount.incrementAndGet() > MAX_ANONYMOUS) {
            String oldest = anonymous.poll();
            if (oldest != null) {
                anonymousCount.decrementAndGet();
                Session old = sessions.get(oldest);
                if (old != null && !old.signedIn()) {
                    sessions.remove(oldest);
                }
            }
        }
        return s;
    }

    /** How many sessions are kept, signed in or not. */
    int size() {
        return sessions.size();
    }

    /** A fresh session for a user who just signed in: the anonymous one is dropped (no session fixation). */
    Session signIn(Session anonymous, String user) {
        sessions.remove(anonymous.id);
        Session s = create();
        s.user = user;
        return s;
    }

    void end(Session s) {
        sessions.remove(s.id);
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
