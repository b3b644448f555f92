package org.infohub.core.fuzz;

import static org.assertj.core.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A complexity check for code a stranger's bytes reach: the same function on ten times the input
 * may take at most twenty-five times as long (a quadratic one takes a hundred times). The input
 * grows from 10 KB to 100 KB to 1 MB; each larger run gets twenty-five times the smaller one's
 * time (with a floor of 30 ms, below which a clock measures collector and compiler noise) and is abandoned, failing the test, when it takes three times longer, so a quadratic
 * function fails in seconds rather than running for hours. A ratio against the same function in
 * the same JVM, not a time: it holds on a slow machine and a fast one alike.
 */
public final class LinearTime {
    /** Input sizes, in characters or bytes. */
    static final int[] SIZES = {10_000, 100_000, 1_000_000};
    private static final double RATIO = 25;
    private static final long FLOOR_NANOS = 30_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private LinearTime() {
    }

    /**
     * Repeated units that have made text scanners slow: words with no dot, runs of dots, labels,
     * digits, colons, at-signs, brackets, defanging tokens, label-like words, unclosed quotes and
     * tags, long lines, non-Latin text. Every extractor is checked on each.
     */
    public static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("words without a dot", "wordwithoutdots "),
                Arguments.of("one long word", "a"),
                Arguments.of("dots", "."),
                Arguments.of("labels", "a."),
                Arguments.of("hyphenated labels", "a-b.c-"),
                Arguments.of("digits and dots", "1.2.3.4."),
                Arguments.of("version numbers", "version 1.2.3.4 "),
                Arguments.of("colons", "::"),
                Arguments.of("hex and colons", "a1:"),
                Arguments.of("hex", "0123456789abcdef"),
                Arguments.of("at-signs", "@"),
                Arguments.of("addresses", "a@b."),
                Arguments.of("url schemes", "hxxp://"),
                Arguments.of("url", "http://a/"),
                Arguments.of("defanged dots", "[.]"),
                Arguments.of("defanged words", " [dot] (at) "),
                Arguments.of("brackets", "(["),
                Arguments.of("cjk brackets", "【警報［"),
                Arguments.of("cve prefixes", "CVE-2024-"),
                Arguments.of("tlp-like words", "TLP: TLP:: \u201cRED "),
                Arguments.of("quotes", "\"'"),
                Arguments.of("tags", "<a "),
                Arguments.of("phone-like digits", "0 12 "),
                Arguments.of("whitespace", " \t"),
                Arguments.of("lines", "x\n"),
                Arguments.of("traditional chinese", "網上銀行釣魚攻擊警報。"),
                Arguments.of("mixed scripts", "R\u0415D\u00e9\u200b"));
    }

    /**
     * The shapes that stress a container rather than a scanner (one long word, lines, tags,
     * quotes, whitespace, non-Latin text): for checks that wrap the text in further structure,
     * whose scanners the full set has already been through.
     */
    public static Stream<Arguments> containerShapes() {
        java.util.Set<String> names = java.util.Set.of("one long word", "lines", "tags", "quotes", "whitespace",
                "traditional chinese");
        return shapes().filter(a -> names.contains((String) a.get()[0]));
    }

    /** {@code unit} repeated (and cut) to {@code size} characters. */
    public static String repeat(String unit, int size) {
        StringBuilder b = new StringBuilder(size + unit.length());
        while (b.length() < size) {
            b.append(unit);
        }
        b.setLength(size);
        return b.toString();
    }

    /** Checks {@code f} on {@code unit} repeated to each size. */
    public static void assertLinear(String what, String unit, Consumer<String> f) {
        assertLinear(what, size -> repeat(unit, size), f);
    }

    /** Checks {@code f} on {@code input.apply(size)} for each size. */
    public static <T> void assertLinear(String what, IntFunction<T> input, Consumer<T> f) {
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "linear-time");
            t.setDaemon(true);
            return t;
        });
        try {
            long previous = best(runner, f, input.apply(SIZES[0]), TimeUnit.MINUTES.toNanos(1), what, SIZES[0]);
            for (int s = 1; s < SIZES.length; s++) {
                long allowed = (long) (Math.max(previous, FLOOR_NANOS) * RATIO);
                // A run is abandoned when it has run three times what is allowed.
                long took = withinOrBest(runner, f, input.apply(SIZES[s]), allowed, what, SIZES[s]);
                if (took > allowed) {
                    fail("%s on %,d units took %d ms, more than %.0f times the %d ms on a tenth of it: not linear",
                            what, SIZES[s], took / 1_000_000, RATIO, previous / 1_000_000);
                }
                previous = took;
            }
        } finally {
            runner.shutdownNow();
        }
    }

    /**
     * One run when it keeps within {@code allowed}, else the best of three: the larger sizes cost
     * most, and a run over its allowance on a busy machine gets two more chances before it fails.
     */
    private static <T> long withinOrBest(ExecutorService runner, Consumer<T> f, T in, long allowed, String what,
                                         int size) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3 && best > allowed; i++) {
            System.gc();
            best = Math.min(best, run(runner, f, in, allowed * 3, what, size));
        }
        return best;
    }

    /** The best of three runs (after one to warm up on the smallest size). */
    private static <T> long best(ExecutorService runner, Consumer<T> f, T in, long limitNanos, String what, int size) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, run(runner, f, in, limitNanos, what, size));
        }
        return best;
    }

    /**
     * One run's CPU time on the runner thread: what the function itself costs, without the time the
     * thread waited for a core or for the collector's threads, which a busy machine adds at random.
     */
    private static <T> long run(ExecutorService runner, Consumer<T> f, T in, long limitNanos, String what,
                                int size) {
        Future<Long> done = runner.submit(() -> {
            long t0 = THREADS.getCurrentThreadCpuTime();
            f.accept(in);
            return THREADS.getCurrentThreadCpuTime() - t0;
        });
        try {
            // wall time, generous: a busy machine may run the thread at a fraction of a core
            return done.get(limitNanos * 3, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            done.cancel(true);
            fail("%s on %,d units ran for more than %d ms, over %.0f times the run on a tenth of it: not linear "
                    + "(the abandoned run may go on and slow the tests after this one)", what, size,
                    limitNanos / 1_000_000, RATIO);
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " on " + size + " units threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
