package org.infohub.mailet;

import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;

/**
 * The rules of the submission port: {@code MAIL FROM} only after STARTTLS and SMTP AUTH, with the
 * signed-in representative's own address; recipients only at the hub (signing in never makes the
 * hub a relay).
 *
 * <pre>{@code <handler class="org.infohub.mailet.SubmissionPolicy"/>}</pre>
 */
public class SubmissionPolicy implements MailHook, RcptHook {
    private final HubServices hub;

    @Inject
    public SubmissionPolicy(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (!session.isTLSStarted()) {
            return deny("530", "5.7.0 Must issue a STARTTLS command first");
        }
        if (session.getUsername() == null) {
            return deny("530", "5.7.0 Authentication required: sign in with your registered address and hub password");
        }
        String user = session.getUsername().asString().toLowerCase(Locale.ROOT);
        if (sender.isNullSender() || !sender.get().asString().toLowerCase(Locale.ROOT).equals(user)) {
            return deny("553", "5.7.1 <" + sender.asString() + ">: you are signed in as " + user
                    + "; send from that address");
        }
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (!rcpt.getDomain().asString().equalsIgnoreCase(hub.domain())) {
            return deny("550", "5.7.1 <" + rcpt.asString() + ">: the hub takes posts for its own lists only");
        }
        return HookResult.DECLINED;
    }

    private static HookResult deny(String code, String text) {
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode(code).smtpDescription(text)
                .build();
    }
}
