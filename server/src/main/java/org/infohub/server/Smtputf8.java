package org.infohub.server;

import java.util.List;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailParametersHook;

/**
 * Offers {@code SMTPUTF8} (RFC 6531) on the hub's ports and takes the {@code SMTPUTF8} parameter
 * of {@code MAIL}: a client may then send headers in raw UTF-8 (RFC 6532), which
 * {@link RawHeadersHook} encodes as the message is taken in. (James 3.8.1 offers only
 * {@code 8BITMIME}, and sending clients that find no SMTPUTF8 downgrade or refuse.)
 *
 * <pre>{@code <handler class="org.infohub.server.Smtputf8"/>}</pre>
 */
public class Smtputf8 implements EhloExtension, MailParametersHook {
    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return List.of("SMTPUTF8");
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String paramName, String paramValue) {
        return HookResult.DECLINED;
    }

    @Override
    public String[] getMailParamNames() {
        return new String[] {"SMTPUTF8"};
    }
}
