package org.infohub.mailet.trust;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Supplier;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.Jdbc;
import org.infohub.core.trust.Bounces;
import org.infohub.core.trust.DkimKeys;
import org.infohub.core.trust.HubSecrets;
import org.infohub.core.trust.SmtpPasswords;
import org.infohub.core.trust.UnsubscribeTokens;
import org.infohub.core.trust.Verp;

/**
 * What the mailets need to trust senders and be trusted: the DNS, the outbound DKIM signer, the
 * unsubscribe token key (shared with the console through MariaDB), bounce scores and submission
 * passwords. The key and the token secret are read on first use, so a mailet test without them
 * does not need them.
 */
public final class HubTrust {
    private final HubDns dns;
    private final Supplier<OutboundSigner> signer;
    private final Supplier<UnsubscribeTokens> tokens;
    private final Supplier<Verp> verp;
    private final Bounces bounces;
    private final SmtpPasswords passwords;

    public HubTrust(HubConfig config, Jdbc jdbc, Clock clock) {
        this.dns = new HubDns(config.trust().dnsServers());
        this.signer = memo(() -> {
            try {
                return new OutboundSigner(DkimKeys.loadOrGenerate(config.dkimKey()), config.domain(),
                        config.trust().dkimSelector());
            } catch (IOException e) {
                throw new IllegalStateException("DKIM key " + config.dkimKey() + ": " + e.getMessage(), e);
            }
        });
        this.tokens = memo(() -> new UnsubscribeTokens(new HubSecrets(jdbc).get(UnsubscribeTokens.SECRET_NAME)));
        this.verp = memo(() -> new Verp(new HubSecrets(jdbc).get(Verp.SECRET_NAME)));
        this.bounces = new Bounces(jdbc, clock, config.trust().bounceThreshold(), config.trust().bounceHalfLife());
        this.passwords = new SmtpPasswords(jdbc, new AuditLog(jdbc, clock), clock);
    }

    public HubDns dns() {
        return dns;
    }

    public OutboundSigner signer() {
        return signer.get();
    }

    public UnsubscribeTokens tokens() {
        return tokens.get();
    }

    /** Tagged return paths: made for each member's copy, checked on every bounce. */
    public Verp verp() {
        return verp.get();
    }

    public Bounces bounces() {
        return bounces;
    }

    public SmtpPasswords passwords() {
        return passwords;
    }

    private static <T> Supplier<T> memo(Supplier<T> make) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = make.get();
                }
                return value;
            }
        };
    }
}
