package org.infohub.mailet.trust;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.jdkim.api.Headers;

/**
 * A message's header block split into its fields, for jDKIM: each field as written (folding kept,
 * no final line end), the way jDKIM's own mime4j-based reader gives them, but without mime4j's cap
 * on the number of fields, so a post with a thousand header fields is signed like any other.
 */
final class HeaderBlock implements Headers {
    private final List<String> fields = new ArrayList<>();

    HeaderBlock(byte[] block) {
        String text = new String(block, StandardCharsets.ISO_8859_1);
        StringBuilder current = null;
        for (String line : text.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append("\r\n").append(line);
            } else {
                if (current != null) {
                    fields.add(current.toString());
                }
                current = new StringBuilder(line);
            }
        }
        if (current != null) {
            fields.add(current.toString());
        }
    }

    @Override
    public List<String> getFields() {
        return List.copyOf(fields);
    }

    @Override
    public List<String> getFields(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            int colon = f.indexOf(':');
            if (colon > 0 && f.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(wanted)) {
                out.add(f);
            }
        }
        return out;
    }
}
