package org.infohub.core.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message's text as a conversation shows it: what its sender wrote, with the text it quotes
 * (lines opening with {@code >}, an "On ... wrote:" line before them, or everything after
 * Outlook's "-----Original Message-----" or a "From: ... Sent: ..." block) and its signature
 * (after a "-- " line) folded away. One pass over the lines; nothing in the text is trusted (the
 * page escapes it).
 */
public final class ConversationText {
    /** One stretch of the text: what was written, quoted text, or the signature. */
    public record Segment(Type type, String text, int lines) {
        public boolean written() {
            return type == Type.WRITTEN;
        }

        public boolean quoted() {
            return type == Type.QUOTED;
        }
    }

    public enum Type { WRITTEN, QUOTED, SIGNATURE }

    private ConversationText() {
    }

    public static List<Segment> segments(String text) {
        String[] lines = (text == null ? "" : text).replace("\r\n", "\n").split("\n", -1);
        Type[] type = new Type[lines.length];
        boolean rest = false;
        Type restType = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String t = line.strip().toLowerCase(Locale.ROOT);
            if (!rest && (line.equals("-- ") || line.equals("--"))) {
                rest = true;
                restType = Type.SIGNATURE;
            } else if (!rest && (t.matches("-{2,}\\s*original message\\s*-{2,}") || t.startsWith("________________")
                    || (t.startsWith("from:") && i + 1 < lines.length && lines[i + 1].strip().toLowerCase(Locale.ROOT)
                    .matches("(sent|date|to):.*")))) {
                rest = true;
                restType = Type.QUOTED;
            }
            if (rest) {
                type[i] = restType;
            } else if (line.startsWith(">")) {
                type[i] = Type.QUOTED;
            } else {
                type[i] = Type.WRITTEN;
            }
        }
        // "On Tue, ... wrote:" (possibly over two lines) before a quote belongs to it.
        for (int i = 0; i < lines.length; i++) {
            if (type[i] == Type.QUOTED && i > 0 && type[i - 1] == Type.WRITTEN) {
                int j = i - 1;
                while (j >= 0 && lines[j].isBlank()) {
                    j--;
                }
                if (j >= 0 && lines[j].strip().endsWith("wrote:") || j >= 0 && lines[j].strip().endsWith("寫道：")
                        || j >= 0 && lines[j].strip().endsWith("写道：")) {
                    int k = j;
                    if (k > 0 && !lines[k].strip().toLowerCase(Locale.ROOT).startsWith("on ") && !lines[k - 1].isBlank()
                            && lines[k - 1].strip().toLowerCase(Locale.ROOT).startsWith("on ")) {
                        k--;
                    }
                    for (int m = k; m < i; m++) {
                        type[m] = Type.QUOTED;
                    }
                }
            }
        }
        List<Segment> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= lines.length; i++) {
            if (i == lines.length || type[i] != type[start]) {
                String chunk = String.join("\n", java.util.Arrays.copyOfRange(lines, start, i));
                if (!chunk.isBlank()) {
                    out.add(new Segment(type[start], chunk.strip(), i - start));
                }
                start = i;
            }
        }
        return out;
    }
}
