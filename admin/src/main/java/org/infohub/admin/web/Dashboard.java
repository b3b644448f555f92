package org.infohub.admin.web;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.stats.HubStats;

/**
 * The dashboard's figures: posts per week by sector and by TLP (the last {@link #WEEKS} weeks,
 * Monday to Sunday, every sector shown even with no posts), members per sector, and the links
 * behind each figure.
 */
public record Dashboard(HubStats.Figures figures, List<LocalDate> weeks, Map<String, long[]> bySector,
                        Map<String, long[]> byTlp, List<HubStats.SectorMembers> members, List<PostView.ThreadPost> latest,
                        List<org.infohub.core.vetting.VettingOutcomes.Outcome> waiting, long waitingCount,
                        List<AuditLog.Entry> signIns) {
    static final int WEEKS = 12;
    public static final List<String> TLPS = List.of("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED");
    /** FIRST's TLP 2.0 colours. */
    static final Map<String, String> TLP_COLOURS = Map.of("CLEAR", "#FFFFFF", "GREEN", "#33FF00", "AMBER", "#FFC000",
            "AMBER+STRICT", "#FFC000", "RED", "#FF2B2B");
    /** Okabe and Ito's colour-blind-safe palette, then greys. */
    private static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
            "#F0E442", "#000000", "#999999", "#666666", "#BBBBBB", "#333333");
    private static final DateTimeFormatter WEEK = DateTimeFormatter.ofPattern("d MMM", Locale.UK);

    static LocalDate firstWeek(LocalDate today) {
        return today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(WEEKS - 1);
    }

    static Dashboard of(HubStats.Figures figures, List<HubStats.DayCount> days, List<HubStats.SectorMembers> members,
                        LocalDate today, List<PostView.ThreadPost> latest,
                        List<org.infohub.core.vetting.VettingOutcomes.Outcome> waiting, long waitingCount,
                        List<AuditLog.Entry> signIns) {
        LocalDate first = firstWeek(today);
        List<LocalDate> weeks = new ArrayList<>();
        for (int w = 0; w < WEEKS; w++) {
            weeks.add(first.plusWeeks(w));
        }
        Map<String, long[]> bySector = new LinkedHashMap<>();
        for (HubStats.SectorMembers m : members) {
            bySector.put(m.sector(), new long[WEEKS]);
        }
        Map<String, long[]> byTlp = new LinkedHashMap<>();
        for (String t : TLPS) {
            byTlp.put(t, new long[WEEKS]);
        }
        for (HubStats.DayCount d : days) {
            int w = (int) ChronoUnit.WEEKS.between(first, d.day());
            if (d.day().isBefore(first) || w >= WEEKS) {
                continue;
            }
            bySector.computeIfAbsent(d.sector(), k -> new long[WEEKS])[w] += d.posts();
            byTlp.computeIfAbsent(d.tlp(), k -> new long[WEEKS])[w] += d.posts();
        }
        return new Dashboard(figures, weeks, bySector, byTlp, members, latest, waiting, waitingCount, signIns);
    }

    public List<String> weekLabels() {
        return weeks.stream().map(WEEK::format).toList();
    }

    public Map<String, String> sectorColours() {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        for (String s : bySector.keySet()) {
            out.put(s, PALETTE.get(i++ % PALETTE.size()));
        }
        return out;
    }

    /** The search behind one week of a series ("sector:finance after:... before:..."). */
    public String weekLink(String dim, String value, int week) {
        LocalDate from = weeks.get(week);
        String filter = value.startsWith("(") ? "" : dim + ":" + value.toLowerCase(Locale.ROOT) + " ";
        return "/console/search?order=date&q=" + Listing.enc(filter + "after:" + from + " before:" + from.plusWeeks(1));
    }

    public String sectorChart() {
        return SvgChart.stacked("chart-sector", "Posts per week by sector", weekLabels(), bySector, sectorColours(),
                (s, w) -> weekLink("sector", s, w));
    }

    public String tlpChart() {
        return SvgChart.stacked("chart-tlp", "Posts per week by TLP", weekLabels(), byTlp, TLP_COLOURS,
                (t, w) -> weekLink("tlp", t, w));
    }

    public long total(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum;
    }

    /** The figures as CSV rows: figure, key, week or sector, value. */
    List<List<String>> csv() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("figure", "key", "week", "value"));
        rows.add(List.of("representatives", "", "", Long.toString(figures.representatives())));
        rows.add(List.of("organisations", "", "", Long.toString(figures.organisations())));
        rows.add(List.of("lists", "", "", Long.toString(figures.lists())));
        rows.add(List.of("posts", "", "", Long.toString(figures.posts())));
        rows.add(List.of("held waiting", "", "", Long.toString(waitingCount)));
        bySector.forEach((s, v) -> {
            for (int w = 0; w < WEEKS; w++) {
                rows.add(List.of("posts by sector", s, weeks.get(w).toString(), Long.toString(v[w])));
            }
        });
        byTlp.forEach((t, v) -> {
            for (int w = 0; w < WEEKS; w++) {
                rows.add(List.of("posts by tlp", t, weeks.get(w).toString(), Long.toString(v[w])));
            }
        });
        for (HubStats.SectorMembers m : members) {
            rows.add(List.of("organisations by sector", m.sector(), "", Long.toString(m.organisations())));
            rows.add(List.of("representatives by sector", m.sector(), "", Long.toString(m.representatives())));
        }
        return rows;
    }
}
