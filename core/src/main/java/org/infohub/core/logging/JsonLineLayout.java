package org.infohub.core.logging;

import java.time.Instant;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

/**
 * One JSON object per log event, one per line: {@code ts}, {@code level}, {@code logger},
 * {@code thread}, {@code msg} (and {@code error}: the exception's class and message), for log
 * shippers. The messages are the hub's own, which never carry a post's subject or text.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(256).append("{\"ts\":\"").append(Instant.ofEpochMilli(e.getTimeStamp()))
                .append("\",\"level\":\"").append(e.getLevel()).append("\",\"logger\":");
        string(sb, e.getLoggerName());
        sb.append(",\"thread\":");
        string(sb, e.getThreadName());
        sb.append(",\"msg\":");
        string(sb, e.getFormattedMessage());
        if (e.getThrowableProxy() != null) {
            sb.append(",\"error\":");
            string(sb, e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage());
        }
        return sb.append("}\n").toString();
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
