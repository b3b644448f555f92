package org.infohub.mailet;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MessageHook;

/**
 * Refuses, whole and with one reply, a message that has a line longer than
 * {@code smtp.max.line.octets}. The server's line reader hands such a line on cut to one octet
 * over the limit (it never drops it, which would let James answer {@code 500} for the line and
 * then {@code 250} for the rest); this filter notices it during {@code DATA}, keeps nothing more of
 * the message, and at its end answers {@code 500}: nothing is queued, archived or distributed, and
 * the sender's server returns the message to its author with the reason.
 *
 * <pre>{@code <handler class="org.infohub.mailet.LineLimit"/>}</pre> (before
 * {@code CoreCmdHandlerLoader}, so it sees each line before the message is written)
 */
public class LineLimit implements DataLineFilter, MessageHook {
    private static final AttachmentKey<Integer> TOO_LONG = AttachmentKey.of("infohub.lineTooLong", Integer.class);
    private final int limit;

    @Inject
    public LineLimit(HubServices hub) {
        this(hub.config().limits().maxLineOctets());
    }

    LineLimit(int limit) {
        this.limit = limit;
    }

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        boolean end = line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n';
        if (end) {
            return next.onLine(session, line);
        }
        if (session.getAttachment(TOO_LONG, State.Transaction).isPresent()) {
            return null; // the message is refused already: nothing more of it is kept
        }
        int content = line.length;
        if (content > 0 && line[content - 1] == '\n') {
            content--;
            if (content > 0 && line[content - 1] == '\r') {
                content--;
            }
        }
        if (content > limit) {
            session.setAttachment(TOO_LONG, content, State.Transaction);
            return null;
        }
        return next.onLine(session, line);
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        if (session.getAttachment(TOO_LONG, State.Transaction).isEmpty()) {
            return HookResult.DECLINED;
        }
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("500")
                .smtpDescription("5.5.2 a line of this message is longer than " + limit
                        + " octets (RFC 5321 4.5.3.1.6); the message was refused whole and nothing of it was delivered."
                        + " Wrap long lines, or send the text as an attachment")
                .build();
    }
}
