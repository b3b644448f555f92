package org.infohub.server;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.infohub.mailet.DecodeRawHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw UTF-8 and legacy 8-bit headers ({@link DecodeRawHeaders}) as a message is taken in,
 * before James writes it to its spool (which would turn every octet beyond ASCII into {@code ?}).
 * A message it cannot rewrite is taken as it is: nothing is refused or lost for its headers.
 *
 * <pre>{@code <handler class="org.infohub.server.RawHeadersHook"/>}</pre>
 */
public class RawHeadersHook implements JamesMessageHook {
    private static final Logger LOG = LoggerFactory.getLogger(RawHeadersHook.class);

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            DecodeRawHeaders.decode(mail);
        } catch (Throwable t) {
            LOG.warn("raw headers of mail={} left as they came: {}", mail.getName(), String.valueOf(t.getMessage()));
        }
        return HookResult.DECLINED;
    }
}
