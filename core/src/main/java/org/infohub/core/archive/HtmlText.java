package org.infohub.core.archive;

import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Plain text out of an HTML body, good enough for archive text and search; not a renderer. The
 * markup is parsed by jsoup and walked without recursion, and whitespace is folded in one pass:
 * hostile markup (thousands of blank lines, deep nesting, unclosed tags) costs time in proportion
 * to its size and never the stack.
 */
final class HtmlText {
    /** Elements that end a line of text where they close. */
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
            "blockquote", "pre", "table", "ul", "ol", "dl", "dt", "dd", "section", "article", "header", "footer", "hr");
    private static final Set<String> SKIPPED = Set.of("script", "style", "head", "template", "noscript");

    private HtmlText() {
    }

    static String toText(String html) {
        Document doc = Jsoup.parse(html);
        StringBuilder raw = new StringBuilder(Math.min(html.length(), 1 << 20));
        NodeTraversor.traverse(new NodeVisitor() {
            private int skipDepth = -1;

            @Override
            public void head(Node node, int depth) {
                if (skipDepth >= 0) {
                    return;
                }
                if (node instanceof Element e && SKIPPED.contains(e.normalName())) {
                    skipDepth = depth;
                } else if (node instanceof TextNode t) {
                    raw.append(t.getWholeText());
                } else if (node instanceof Element e && e.normalName().equals("br")) {
                    raw.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (skipDepth == depth) {
                    skipDepth = -1;
                    return;
                }
                if (skipDepth < 0 && node instanceof Element e && BLOCKS.contains(e.normalName()) && !e.normalName().equals("br")) {
                    raw.append('\n');
                }
            }
        }, doc.body() != null ? doc.body() : doc);
        return fold(raw);
    }

    /**
     * Runs of spaces and tabs become one space, lines are trimmed, and more than one blank line in
     * a row becomes one: a single linear pass.
     */
    static String fold(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        StringBuilder line = new StringBuilder();
        int blanks = 0;
        boolean any = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '\n';
            if (c == '\r') {
                continue;
            }
            if (c != '\n') {
                boolean space = c == ' ' || c == '\t' || c == '\u00a0' || c == '\f';
                if (space) {
                    if (line.length() > 0 && line.charAt(line.length() - 1) != ' ') {
                        line.append(' ');
                    }
                } else {
                    line.append(c);
                }
                continue;
            }
            int end = line.length();
            while (end > 0 && line.charAt(end - 1) == ' ') {
                end--;
            }
            if (end == 0) {
                blanks++;
            } else {
                if (any) {
                    out.append(blanks > 0 ? "\n\n" : "\n");
                }
                out.append(line, 0, end);
                any = true;
                blanks = 0;
            }
            line.setLength(0);
        }
        return out.toString();
    }
}
