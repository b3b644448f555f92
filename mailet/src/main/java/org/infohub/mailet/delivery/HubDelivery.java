package org.infohub.mailet.delivery;

import java.time.Clock;
import java.util.List;

import org.infohub.core.config.HubConfig;
import org.infohub.core.db.Jdbc;
import org.infohub.core.delivery.MailDomains;
import org.infohub.mailet.trust.HubDns;

/** What list delivery keeps between posts: what each member domain needs, and counts of copies. */
public final class HubDelivery {
    private final MailDomains domains;
    private final org.infohub.core.delivery.TlsHeld tlsHeld;
    private final Counters counters = new Counters();

    /** Members' copies since the start: handed to their servers, queued for a later try, refused. */
    public static final class Counters {
        private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong deferred = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();

        public void add(int sentCopies, int deferredCopies, int failedCopies) {
            sent.addAndGet(sentCopies);
            deferred.addAndGet(deferredCopies);
            failed.addAndGet(failedCopies);
        }

        public long sent() {
            return sent.get();
        }

        public long deferred() {
            return deferred.get();
        }

        public long failed() {
            return failed.get();
        }

        private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> sessions =
                new java.util.concurrent.ConcurrentHashMap<>();

        /** A session with the smarthost that failed as a whole (its copies kept for a retry), by reason. */
        public void sessionFailure(String reason) {
            sessions.computeIfAbsent(reason, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        }

        public java.util.Map<String, Long> sessionFailures() {
            java.util.Map<String, Long> out = new java.util.TreeMap<>();
            sessions.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }
    }

    public HubDelivery(HubConfig config, Jdbc jdbc, Clock clock, HubDns dns) {
        this.domains = new MailDomains(jdbc, clock, config.delivery().oneClickMx(), dns::mx);
        this.tlsHeld = new org.infohub.core.delivery.TlsHeld(jdbc, clock);
        this.probe = config.smarthost().isPresent() ? null : new MxTlsProbe(dns, config.domain(), clock);
        this.mtaSts = config.smarthost().isPresent() ? null : new MtaSts(dns, jdbc, clock, () -> {
            try {
                return OutgoingTls.of(config.delivery().outgoing()).verifying();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, 443);
    }

    private final MtaSts mtaSts;
    private final MxTlsProbe probe;
    /** Probes run here, never on a spool thread. */
    private final java.util.concurrent.ExecutorService probes = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "infohub-mx-tls-probe");
        t.setDaemon(true);
        return t;
    });

    /**
     * Without a smarthost: asks the MX of {@code domains} (copies that need TLS, queued) whether
     * they offer STARTTLS, off the spool thread; those that do not are recorded in {@link #tlsHeld()}
     * and handed to {@code toTell} (the newly held, for the owners), those that do are cleared.
     */
    public void probeLater(java.util.Collection<String> domains, java.util.Map<String, Integer> copies,
                           java.util.function.BiConsumer<List<String>, String> toTell) {
        if (probe == null || domains.isEmpty()) {
            return;
        }
        List<String> todo = List.copyOf(domains);
        probes.execute(() -> {
            for (String d : todo) {
                probe.ask(d).ifPresent(a -> {
                    try {
                        if (a.startTls()) {
                            tlsHeld.cleared(List.of(d));
                        } else {
                            List<String> newly = tlsHeld.hold(java.util.Map.of(d, copies.getOrDefault(d, 1)), "MX " + a.host());
                            if (!newly.isEmpty()) {
                                toTell.accept(newly, "MX " + a.host());
                            }
                        }
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(HubDelivery.class).warn("could not record {} held for TLS: {}", d,
                                e.getMessage());
                    }
                });
            }
        });
    }

    /**
     * Whether mail to {@code domain} must follow its enforced MTA-STS policy: delivery straight to
     * members' MX only (through a smarthost, the smarthost's own policy decides).
     */
    public boolean mtaStsEnforced(String domain) {
        return mtaSts != null && mtaSts.enforced(domain);
    }

    /** The MTA-STS policies, when the hub delivers to members' MX itself. */
    public java.util.Optional<MtaSts> mtaSts() {
        return java.util.Optional.ofNullable(mtaSts);
    }

    /** Domains whose copies wait for a server that offers STARTTLS. */
    public org.infohub.core.delivery.TlsHeld tlsHeld() {
        return tlsHeld;
    }

    public Counters counters() {
        return counters;
    }

    public MailDomains domains() {
        return domains;
    }
}
