package org.infohub.admin.web;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A stacked bar chart as inline SVG, rendered on the server (no script, no CDN): one bar per
 * column, one coloured segment per series, each segment a link to the posts behind it. Every
 * label is escaped; the figures are also in a table beside the chart for screen readers.
 */
final class SvgChart {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int LEFT = 34;
    private static final int BOTTOM = 24;

    private SvgChart() {
    }

    /**
     * @param columns the bars' labels, left to right
     * @param series  name to one figure per column (in the order drawn, bottom up)
     * @param colours name to fill colour
     * @param link    (series, column index) to the page behind the segment
     */
    static String stacked(String id, String title, List<String> columns, Map<String, long[]> series, Map<String, String> colours,
                          BiFunction<String, Integer, String> link) {
        long max = 1;
        for (int c = 0; c < columns.size(); c++) {
            long sum = 0;
            for (long[] v : series.values()) {
                sum += v[c];
            }
            max = Math.max(max, sum);
        }
        double plotH = HEIGHT - BOTTOM - 10;
        double slot = (WIDTH - LEFT) / (double) Math.max(1, columns.size());
        double barW = Math.max(4, slot * 0.7);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"").append(esc(id)).append("\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"group\" aria-labelledby=\"").append(esc(id)).append("-title\">")
                .append("<title id=\"").append(esc(id)).append("-title\">").append(esc(title)).append("</title>");
        // Axis with the maximum and half of it.
        for (long tick : new long[] {0, max / 2, max}) {
            double y = 10 + plotH - plotH * tick / max;
            svg.append(String.format(java.util.Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%d</text>", LEFT, WIDTH, y, y, LEFT - 4, y + 4,
                    tick));
        }
        for (int c = 0; c < columns.size(); c++) {
            double x = LEFT + c * slot + (slot - barW) / 2;
            double y = 10 + plotH;
            for (Map.Entry<String, long[]> e : series.entrySet()) {
                long v = e.getValue()[c];
                if (v == 0) {
                    continue;
                }
                double h = plotH * v / max;
                y -= h;
                svg.append("<a href=\"").append(esc(link.apply(e.getKey(), c))).append("\" aria-label=\"")
                        .append(esc(e.getKey() + ", " + columns.get(c) + ": " + v + " post(s)")).append("\"><rect x=\"")
                        .append(String.format(java.util.Locale.ROOT, "%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f", x, y, barW, h))
                        .append("\" fill=\"").append(esc(colours.getOrDefault(e.getKey(), "#888"))).append("\" class=\"segment\">")
                        .append("<title>").append(esc(e.getKey() + ", " + columns.get(c) + ": " + v + " post(s)"))
                        .append("</title></rect></a>");
            }
            if (columns.size() <= 16 || c % 2 == 0) {
                svg.append(String.format(java.util.Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">",
                        x + barW / 2, HEIGHT - 6)).append(esc(columns.get(c))).append("</text>");
            }
        }
        return svg.append("</svg>").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
