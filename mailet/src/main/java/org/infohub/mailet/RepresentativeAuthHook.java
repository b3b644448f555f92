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
 * representatives and organisations cannot sign in. Failures are logged without the password.
 *
 * <pre>{@code <handler class="org.infohub.mailet.RepresentativeAuthHook"/>}</pre>
 */
public class RepresentativeAuthHook implements AuthHook {
    private static final Logger LOG = LoggerFactory.getLogger(RepresentativeAuthHook.class);

    private final HubServices hub;

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
        try {
            java.util.Optional<org.infohub.core.member.Representative> rep =
                    hub.trust().passwords().verify(username.asString(), password == null ? "" : password);
            if (rep.isPresent()) {
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
        LOG.info("smtp auth session={} result=fail", session.getSessionID());
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }
}
