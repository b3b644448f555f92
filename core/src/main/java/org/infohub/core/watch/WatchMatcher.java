package org.infohub.core.watch;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.indicator.Indicators;

/**
 * Matches a post against every watchlist at once: address ranges by an interval structure
 * ({@link AddressRanges}), domains and their parents by hash lookups, AS numbers and names by one
 * pass over the words of the text. The cost grows with the post, not with the number of entries.
 */
public final class WatchMatcher {
    /** One entry a post names, and what in the post named it. */
    public record Hit(WatchEntry entry, String matched) {
    }

    private final AddressRanges<WatchEntry> v4;
    private final AddressRanges<WatchEntry> v6;
    private final Map<String, List<WatchEntry>> domains = new HashMap<>();
    private final Map<Long, List<WatchEntry>> asns = new HashMap<>();
    /** Names by their first word: the rest of their words, and the entry. */
    private final Map<String, List<Object[]>> names = new HashMap<>();
    private final int size;

    public WatchMatcher(List<WatchEntry> entries) {
        List<AddressRanges.Range<WatchEntry>> r4 = new ArrayList<>();
        List<AddressRanges.Range<WatchEntry>> r6 = new ArrayList<>();
        for (WatchEntry e : entries) {
            switch (e.type()) {
                case CIDR -> AddressRanges.range(e.value()).ifPresent(r -> (r[2].intValue() == 32 ? r4 : r6)
                        .add(new AddressRanges.Range<>(r[0], r[1], e)));
                case DOMAIN -> domains.computeIfAbsent(e.value().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e);
                case ASN -> asn(e.value()).ifPresent(n -> asns.computeIfAbsent(n, k -> new ArrayList<>()).add(e));
                case NAME -> {
                    List<String> words = words(e.value());
                    if (!words.isEmpty()) {
                        names.computeIfAbsent(words.get(0), k -> new ArrayList<>())
                                .add(new Object[] {words.subList(1, words.size()), e});
                    }
                }
            }
        }
        v4 = AddressRanges.of(r4);
        v6 = AddressRanges.of(r6);
        size = entries.size();
    }

    public int size() {
        return size;
    }

    /** Every entry the post names, once each, with the first thing in the post that named it. */
    public List<Hit> match(List<Indicators.Indicator> indicators, String text) {
        Map<Long, Hit> hits = new LinkedHashMap<>();
        for (Indicators.Indicator i : indicators) {
            switch (i.kind()) {
                case IP -> address(i.value(), i.value(), hits);
                case CIDR -> AddressRanges.range(i.value()).ifPresent(r -> {
                    for (BigInteger end : new BigInteger[] {r[0], r[1]}) {
                        for (WatchEntry e : (r[2].intValue() == 32 ? v4 : v6).containing(end)) {
                            hits.putIfAbsent(e.id(), new Hit(e, i.value()));
                        }
                    }
                });
                case DOMAIN -> domain(i.value(), i.value(), hits);
                case URL -> host(i.value()).ifPresent(h -> {
                    address(h, i.value(), hits);
                    domain(h, i.value(), hits);
                });
                case EMAIL -> domain(i.value().substring(i.value().lastIndexOf('@') + 1), i.value(), hits);
                default -> {
                }
            }
        }
        if (!asns.isEmpty() || !names.isEmpty()) {
            words(text == null ? "" : text, hits);
        }
        return List.copyOf(hits.values());
    }

    private void address(String value, String matched, Map<Long, Hit> hits) {
        AddressRanges.number(value).ifPresent(n -> {
            for (WatchEntry e : (n[1].intValue() == 32 ? v4 : v6).containing(n[0])) {
                hits.putIfAbsent(e.id(), new Hit(e, matched));
            }
        });
    }

    private void domain(String domain, String matched, Map<Long, Hit> hits) {
        String d = domain.toLowerCase(Locale.ROOT);
        while (true) {
            for (WatchEntry e : domains.getOrDefault(d, List.of())) {
                hits.putIfAbsent(e.id(), new Hit(e, matched));
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return;
            }
            d = d.substring(dot + 1);
        }
    }

    private static Optional<String> host(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return Optional.empty();
        }
        String rest = url.substring(scheme + 3);
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int at = rest.indexOf(c);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        String host = rest.substring(0, end);
        host = host.substring(host.lastIndexOf('@') + 1);
        if (host.startsWith("[")) {
            return Optional.of(host.substring(1, Math.max(1, host.indexOf(']'))));
        }
        int colon = host.lastIndexOf(':');
        return Optional.of(colon >= 0 ? host.substring(0, colon) : host);
    }

    /** One pass over the words: AS numbers ("AS64500", "ASN 64500") and names (word sequences). */
    private void words(String text, Map<Long, Hit> hits) {
        List<String> words = words(text);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!asns.isEmpty()) {
                Optional<Long> n = w.startsWith("as") ? asn(w) : Optional.empty();
                if (n.isEmpty() && (w.equals("as") || w.equals("asn")) && i + 1 < words.size()) {
                    n = asn("as" + words.get(i + 1));
                }
                n.ifPresent(v -> asns.getOrDefault(v, List.of()).forEach(e -> hits.putIfAbsent(e.id(), new Hit(e, "AS" + v))));
            }
            for (Object[] candidate : names.getOrDefault(w, List.of())) {
                @SuppressWarnings("unchecked")
                List<String> rest = (List<String>) candidate[0];
                if (i + rest.size() < words.size() && words.subList(i + 1, i + 1 + rest.size()).equals(rest)) {
                    WatchEntry e = (WatchEntry) candidate[1];
                    hits.putIfAbsent(e.id(), new Hit(e, e.value()));
                }
            }
        }
    }

    static Optional<Long> asn(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        t = t.startsWith("asn") ? t.substring(3) : t.startsWith("as") ? t.substring(2) : t;
        if (t.isEmpty() || t.length() > 10 || !t.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        long n = Long.parseLong(t);
        return n > 0 && n <= 4_294_967_295L ? Optional.of(n) : Optional.empty();
    }

    /** Lower-case words of letters and digits, in order. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean word = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
        return out;
    }
}
