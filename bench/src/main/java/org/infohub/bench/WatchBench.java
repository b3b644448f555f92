package org.infohub.bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.infohub.core.indicator.Indicators;
import org.infohub.core.indicator.Indicators.Indicator;
import org.infohub.core.watch.WatchEntry;
import org.infohub.core.watch.WatchMatcher;

/**
 * How long one post takes to match against every watchlist: the hub's matcher (interval
 * structure for ranges, hash lookups for domains, one pass over the words for AS numbers and
 * names) against the obvious way, each entry checked against each indicator and the text, on the
 * same entries and post in the same JVM. Target: 10,000 entries, 500 indicators, at most 50 ms.
 */
public final class WatchBench {
    public static void main(String[] args) {
        int entries = intArg(args, "--entries", 10_000);
        int indicators = intArg(args, "--indicators", 500);
        int runs = intArg(args, "--runs", 300);
        Random random = new Random(42);
        List<WatchEntry> list = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            int pick = i % 20;
            WatchEntry.Type type;
            String value;
            if (pick < 8) {
                type = WatchEntry.Type.CIDR;
                value = (11 + random.nextInt(180)) + "." + random.nextInt(256) + "." + random.nextInt(256) + ".0/"
                        + (20 + random.nextInt(9));
            } else if (pick < 10) {
                type = WatchEntry.Type.CIDR;
                value = "2001:db8:" + Integer.toHexString(random.nextInt(65536)) + "::/48";
            } else if (pick < 16) {
                type = WatchEntry.Type.DOMAIN;
                value = "member" + i + ".example";
            } else if (pick < 17) {
                type = WatchEntry.Type.ASN;
                value = "AS" + (64_496 + i);
            } else {
                type = WatchEntry.Type.NAME;
                value = "Brand" + i + " Pay";
            }
            list.add(new WatchEntry(i, i / 40, "org" + (i / 40), type, value));
        }
        List<Indicator> post = new ArrayList<>();
        for (int k = 0; k < indicators; k++) {
            switch (k % 5) {
                case 0, 1 -> post.add(new Indicator(Indicators.Kind.IP, (11 + random.nextInt(180)) + "." + random.nextInt(256)
                        + "." + random.nextInt(256) + "." + random.nextInt(256)));
                case 2 -> post.add(new Indicator(Indicators.Kind.DOMAIN, "host" + k + ".member" + random.nextInt(entries * 2)
                        + ".example"));
                case 3 -> post.add(new Indicator(Indicators.Kind.URL, "https://cdn" + k + ".evil" + k + ".test/x"));
                default -> post.add(new Indicator(Indicators.Kind.EMAIL, "ops" + k + "@member" + random.nextInt(entries * 2)
                        + ".example"));
            }
        }
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 4_000; w++) {
            text.append(w % 97 == 0 ? "Brand" + random.nextInt(entries) + " pay" : w % 131 == 0 ? "AS" + (64_496
                    + random.nextInt(entries)) : "word" + w).append(' ');
        }
        String body = text.toString();

        long t0 = System.nanoTime();
        WatchMatcher matcher = new WatchMatcher(list);
        double buildMs = (System.nanoTime() - t0) / 1e6;
        int found = matcher.match(post, body).size();
        for (int i = 0; i < 50; i++) {
            matcher.match(post, body);
        }
        double[] hub = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            matcher.match(post, body);
            hub[i] = (System.nanoTime() - s) / 1e6;
        }
        int naiveFound = naive(list, post, body);
        int naiveRuns = Math.max(5, runs / 30);
        double[] naive = new double[naiveRuns];
        for (int i = 0; i < naiveRuns; i++) {
            long s = System.nanoTime();
            naive(list, post, body);
            naive[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(hub);
        Arrays.sort(naive);
        double hubMedian = hub[runs / 2];
        double naiveMedian = naive[naiveRuns / 2];
        System.out.printf(Locale.ROOT, "watchlist: %,d entries, a post with %,d indicators and %,d words%n", entries, indicators,
                4_000);
        System.out.printf(Locale.ROOT, "  matcher built in %.1f ms%n", buildMs);
        System.out.printf(Locale.ROOT, "  hub matcher: median %.3f ms, p99 %.3f ms over %d runs (%d hits)%n", hubMedian,
                hub[(int) (runs * 0.99)], runs, found);
        System.out.printf(Locale.ROOT, "  each entry in turn (baseline): median %.1f ms over %d runs (%d hits)%n", naiveMedian,
                naiveRuns, naiveFound);
        System.out.printf(Locale.ROOT, "  ratio baseline / hub: %.0fx; target <= 50 ms: %s%n", naiveMedian / hubMedian,
                hubMedian <= 50 ? "met" : "MISSED");
        if (found != naiveFound) {
            System.out.println("  MISMATCH: the matcher and the baseline disagree");
        }
    }

    /** Every entry against every indicator and the text, as a loop would do it. */
    private static int naive(List<WatchEntry> entries, List<Indicator> post, String body) {
        int hits = 0;
        String lower = body.toLowerCase(Locale.ROOT);
        for (WatchEntry e : entries) {
            boolean hit = false;
            switch (e.type()) {
                case CIDR -> {
                    for (Indicator i : post) {
                        if (i.kind() == Indicators.Kind.IP && inRange(i.value(), e.value())) {
                            hit = true;
                            break;
                        }
                    }
                }
                case DOMAIN -> {
                    for (Indicator i : post) {
                        String d = i.kind() == Indicators.Kind.EMAIL ? i.value().substring(i.value().indexOf('@') + 1) : i.value();
                        if ((i.kind() == Indicators.Kind.DOMAIN || i.kind() == Indicators.Kind.EMAIL)
                                && (d.equals(e.value()) || d.endsWith("." + e.value()))) {
                            hit = true;
                            break;
                        }
                    }
                }
                case ASN -> hit = containsWord(lower, e.value().toLowerCase(Locale.ROOT));
                case NAME -> hit = containsWord(lower, e.value().toLowerCase(Locale.ROOT));
            }
            if (hit) {
                hits++;
            }
        }
        return hits;
    }

    private static boolean containsWord(String text, String word) {
        int from = 0;
        while (true) {
            int at = text.indexOf(word, from);
            if (at < 0) {
                return false;
            }
            int end = at + word.length();
            if ((at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
                return true;
            }
            from = at + 1;
        }
    }

    private static boolean inRange(String ip, String cidr) {
        try {
            byte[] a = java.net.InetAddress.getByName(ip).getAddress();
            int slash = cidr.indexOf('/');
            byte[] n = java.net.InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            if (a.length != n.length) {
                return false;
            }
            int bits = a.length * 8;
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, n).and(mask));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
