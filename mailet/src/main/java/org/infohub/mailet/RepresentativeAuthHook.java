package org.infohub.mailet;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.infohub.core.db.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMTP AUTH for representatives: the login is their registered address, the password the one set
 * with {@code ./infohub rep smtp-password} or in the console (kept as a PBKDF2 hash). Suspended
 * representatives and organisations cannot sign in. Failures are logged without the password,
 * answered after a second, counted per representative (five in a row lock SMTP AUTH for 15
 * minutes, counted before the hash is checked) and per client address (ten in 15 minutes and the
 * address is told to wait).
 *
 * <pre>{@code <handler class="org.infohub.mailet.RepresentativeAuthHook"/>}</pre>
 */
public class RepresentativeAuthHook implements AuthHook {
    private static final Logger LOG = LoggerFactory.getLogger(RepresentativeAuthHook.class);

    /** Failures before a client address must wait, per window; a delay after each failure slows guessing further. */
    private static final int MAX_PER_ADDRESS = 10;
    private static final java.time.Duration WINDOW = java.time.Duration.ofMinutes(15);
    private static final long FAILURE_DELAY_MS = 1_000;

    private final HubServices hub;
    private final org.infohub.core.trust.Throttle throttle = new org.infohub.core.trust.Throttle(MAX_PER_ADDRESS, WINDOW,
            10_000, java.time.Clock.systemUTC());

    @Inject
    public RepresentativeAuthHook(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        if (!session.isTLSStarted()) {
            // RFC 4954: no password over a clear connection, even from a client that did not wait
            // for AUTH to be announced.
            return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("538")
                    .smtpDescription("5.7.11 Encryption required: issue STARTTLS first").build();
        }
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        java.time.Duration wait = throttle.wait(client);
        if (!wait.isZero()) {
            LOG.info("smtp auth session={} result=throttled", session.getSessionID());
            return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("454")
                    .smtpDescription("4.7.0 too many failed sign-ins from your address; try again in "
                            + (wait.toMinutes() + 1) + " minutes").build();
        }
        try {
            java.util.Optional<org.infohub.core.member.Representative> rep =
                    hub.trust().passwords().verify(username.asString(), password == null ? "" : password);
            if (rep.isPresent()) {
                throttle.succeeded(client);
                // James's own hooks record the signed-in user on the session; SMTP_AUTH_USER follows.
                session.setUsername(Username.of(rep.get().email()));
                LOG.info("smtp auth session={} result=pass", session.getSessionID());
                return HookResult.builder().hookReturnCode(HookReturnCode.ok())
                        .smtpDescription("Authentication successful").build();
            }
        } catch (DataAccessException e) {
            return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("454")
                    .smtpDescription("4.7.0 the hub cannot check passwords right now; please try again later").build();
        }
        throttle.failed(client);
        LOG.info("smtp auth session={} result=fail", session.getSessionID());
        try {
            // Like Postfix's smtpd_error_sleep_time: each wrong password costs the guesser a second.
            Thread.sleep(FAILURE_DELAY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }
}
