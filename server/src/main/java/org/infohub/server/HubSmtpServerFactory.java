package org.infohub.server;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.protocols.netty.AllButStartTlsLineBasedChannelHandler;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.infohub.mailet.HubServices;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;

/**
 * James's SMTP servers with the hub's line reader. James reads lines of at most 8,192 octets and
 * drops a longer one with a {@code 500} reply while the transaction goes on, so the rest of the
 * same message was later accepted with {@code 250} and distributed without the line (a 20 KB
 * {@code Subject: TLP:RED} line became an unlabelled post). Here a line over
 * {@code smtp.max.line.octets} is handed on cut to one octet over the limit and the rest of it is
 * skipped as it arrives (memory per connection stays within the limit); {@code LineLimit} then
 * refuses the whole message with one reply at its end, and a command line so cut gets the one
 * syntax error it deserves.
 */
public class HubSmtpServerFactory extends SMTPServerFactory {
    private final int limit;

    @Inject
    public HubSmtpServerFactory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem,
                                MetricFactory metricFactory, HubServices hub) {
        super(dns, loader, fileSystem, metricFactory);
        this.limit = hub.config().limits().maxLineOctets();
    }

    @Override
    protected SMTPServer createServer() {
        return new SMTPServer(smtpMetrics) {
            @Override
            protected ChannelHandlerFactory createFrameHandlerFactory() {
                return pipeline -> new LimitedLineDecoder(pipeline, limit);
            }
        };
    }

    /** Lines of at most {@code limit} octets as they are; a longer one cut to {@code limit + 1}. */
    static final class LimitedLineDecoder extends AllButStartTlsLineBasedChannelHandler {
        private static final byte[] CRLF = {'\r', '\n'};
        private final int limit;
        private boolean skipping;

        LimitedLineDecoder(ChannelPipeline pipeline, int limit) {
            super(pipeline, limit + 2, false, "starttls");
            this.limit = limit;
        }

        @Override
        protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
            if (skipping) {
                int eol = buffer.indexOf(buffer.readerIndex(), buffer.writerIndex(), (byte) '\n');
                if (eol < 0) {
                    buffer.skipBytes(buffer.readableBytes());
                    return null;
                }
                buffer.readerIndex(eol + 1);
                skipping = false;
            }
            int start = buffer.readerIndex();
            int eol = buffer.indexOf(start, buffer.writerIndex(), (byte) '\n');
            boolean tooLong;
            if (eol < 0) {
                // at most one trailing CR may still turn out to be the line's end
                tooLong = buffer.readableBytes() > limit + 1;
                if (!tooLong) {
                    return null; // wait for the rest of the line
                }
            } else {
                int content = eol - start;
                if (content > 0 && buffer.getByte(eol - 1) == '\r') {
                    content--;
                }
                tooLong = content > limit;
                if (!tooLong) {
                    // James's reader (STARTTLS checks, then Netty's line decoder) only ever sees a
                    // whole line: Netty's decoder remembers how far it searched, which would be
                    // wrong after this reader has taken bytes itself.
                    return super.decode(ctx, buffer);
                }
            }
            ByteBuf head = buffer.readRetainedSlice(limit + 1);
            if (eol < 0) {
                buffer.skipBytes(buffer.readableBytes());
                skipping = true;
            } else {
                buffer.readerIndex(eol + 1);
            }
            return Unpooled.wrappedBuffer(head, Unpooled.wrappedBuffer(CRLF));
        }
    }
}
