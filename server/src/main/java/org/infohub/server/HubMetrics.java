package org.infohub.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.infohub.core.db.Jdbc;
import org.infohub.indexer.ArchiveIndex;
import org.infohub.mailet.delivery.HubDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.exporter.common.TextFormat;

/**
 * The server's metrics for Prometheus ({@code GET /metrics}, text format 0.0.4) and its health
 * ({@code GET /health/live}, {@code GET /health/ready}: database, queues, index), on a loopback
 * listener of their own ({@code metrics.bind}, {@code metrics.port}). Figures kept in MariaDB
 * (posts archived and distributed per list, refused and held, digests waiting, members whose
 * delivery stopped) are read at each scrape; copies sent, deferred and failed are counted in
 * memory since the start; queue depths, index lag, the JVM and the connection pool as they are.
 */
final class HubMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubMetrics.class);

    /** What the metrics read from the running server. */
    interface Sources {
        Jdbc jdbc();

        HubDelivery.Counters copies();

        long queueSize(String queue);

        ArchiveIndex index();

        Map<String, Long> pool();

        /** Mails over their time budget still running now; mails set aside over it since the start. */
        int overBudgetNow();

        long overBudgetTotal();

        /** Age in seconds of the oldest mail waiting in the spool (0 when none, -1 when it cannot be read). */
        long oldestSpoolSeconds();

        /** The age of the oldest spool mail at which the hub reports itself degraded. */
        java.time.Duration spoolAgeAlarm();
    }

    private final Sources sources;
    private final CollectorRegistry registry = new CollectorRegistry();
    private HttpServer http;

    HubMetrics(Sources sources) {
        this.sources = sources;
        registry.register(new HubCollector());
    }

    /** Listens on {@code bind:port}; a port already taken is reported and the server runs on without metrics. */
    HubMetrics start(String bind, int port) {
        try {
            http = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (IOException e) {
            LOG.warn("metrics listener not started on {}:{}: {}", bind, port, e.getMessage());
            return this;
        }
        http.createContext("/metrics", this::metrics);
        http.createContext("/health/live", ex -> answer(ex, 200, "text/plain; charset=utf-8", "live\n"));
        http.createContext("/health/ready", this::ready);
        http.createContext("/health", this::ready);
        http.start();
        LOG.info("metrics on http://{}:{}/metrics, health on /health/ready", bind, http.getAddress().getPort());
        return this;
    }

    int port() {
        return http == null ? 0 : http.getAddress().getPort();
    }

    private void metrics(HttpExchange ex) throws IOException {
        try {
            ex.getResponseHeaders().set("Content-Type", TextFormat.CONTENT_TYPE_004);
            ex.sendResponseHeaders(200, 0);
            try (Writer w = new OutputStreamWriter(ex.getResponseBody(), StandardCharsets.UTF_8)) {
                TextFormat.write004(w, registry.metricFamilySamples());
            }
        } catch (RuntimeException e) {
            answer(ex, 503, "text/plain; charset=utf-8", "metrics unavailable: " + e.getMessage() + "\n");
        }
    }

    /** Ready when the database answers, the spool queue is reachable and the index follows the archive. */
    private void ready(HttpExchange ex) throws IOException {
        List<String> checks = new ArrayList<>();
        boolean ok = true;
        try {
            sources.jdbc().queryLong("SELECT 1");
            checks.add("\"database\":\"up\"");
        } catch (RuntimeException e) {
            ok = false;
            checks.add("\"database\":\"down\"");
        }
        long spool = sources.queueSize("spool");
        ok &= spool >= 0;
        checks.add("\"queue\":\"" + (spool >= 0 ? "up" : "down") + "\"");
        ArchiveIndex index = sources.index();
        ok &= index != null;
        checks.add("\"index\":\"" + (index != null ? "up" : "down") + "\"");
        // Degraded: still serving, but a mail is stuck past its budget or the spool is not moving.
        int over = sources.overBudgetNow();
        long oldest = sources.oldestSpoolSeconds();
        boolean stale = oldest > sources.spoolAgeAlarm().toSeconds();
        checks.add("\"mails_over_budget\":" + over);
        checks.add("\"oldest_spool_seconds\":" + oldest);
        String status = !ok ? "down" : over > 0 || stale ? "degraded" : "up";
        answer(ex, ok ? 200 : 503, "application/json", "{\"status\":\"" + status + "\"," + String.join(",", checks)
                + "}\n");
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
        }
    }

    /** Every figure, read when Prometheus scrapes. */
    private final class HubCollector extends Collector {
        /** The figures of the last scrape that reached MariaDB, served while it is away. */
        private volatile List<MetricFamilySamples> lastFromDatabase = List.of();
        private volatile long lastFromDatabaseAt;

        @Override
        public List<MetricFamilySamples> collect() {
            List<MetricFamilySamples> out = new ArrayList<>();
            // What the server knows without the database comes first: it matters most in an outage.
            GaugeMetricFamily queues = new GaugeMetricFamily("infohub_queue_depth", "Mail waiting in James's queues",
                    List.of("queue"));
            for (String q : List.of("spool", "outgoing", "outgoing-tls")) {
                queues.addMetric(List.of(q), Math.max(0, sources.queueSize(q)));
            }
            out.add(queues);
            out.add(gauge("infohub_spool_oldest_seconds", "Age of the oldest mail waiting in the spool",
                    () -> Math.max(0, sources.oldestSpoolSeconds())));
            out.add(gauge("infohub_mails_over_budget", "Mails past their time budget and still running",
                    sources::overBudgetNow));
            out.add(new CounterMetricFamily("infohub_mails_set_aside_over_budget",
                    "Mails stopped and set aside after spending their time budget", sources.overBudgetTotal()));
            // The process's own counters: kept in memory, served whatever the database does.
            HubDelivery.Counters copies = sources.copies();
            CounterMetricFamily c = new CounterMetricFamily("infohub_copies", "Members' copies since the start, by fate",
                    List.of("fate"));
            c.addMetric(List.of("sent"), copies.sent());
            c.addMetric(List.of("deferred"), copies.deferred());
            c.addMetric(List.of("failed"), copies.failed());
            out.add(c);
            CounterMetricFamily sessions = new CounterMetricFamily("infohub_smarthost_session_failures",
                    "Sessions with the smarthost that failed as a whole, their copies kept for a retry, by reason",
                    List.of("reason"));
            for (String reason : List.of("unreachable", "mail-from-refused", "connection-lost", "timeout", "no-starttls")) {
                sessions.addMetric(List.of(reason), copies.sessionFailures().getOrDefault(reason, 0L));
            }
            out.add(sessions);
            out.add(new CounterMetricFamily("infohub_db_conflicts_retried",
                    "Transactions run again after MariaDB rolled them back for a conflict (InnoDB deadlock, Galera "
                    + "certification failure)", Jdbc.conflictsRetried()));
            Jdbc jdbc = sources.jdbc();
            List<MetricFamilySamples> fromDatabase = new ArrayList<>();
            List<MetricFamilySamples> served = out;
            out = fromDatabase;
            try {
                CounterMetricFamily archived = new CounterMetricFamily("infohub_posts_archived",
                        "Posts archived, per list", List.of("list"));
                CounterMetricFamily distributed = new CounterMetricFamily("infohub_posts_distributed",
                        "Posts whose copies were handed to delivery, per list", List.of("list"));
                jdbc.query("SELECT l.local_part, COUNT(s.seq), COALESCE(SUM(s.distributed_at IS NOT NULL), 0) FROM hub_list l "
                        + "LEFT JOIN submission s ON s.list_id = l.id GROUP BY l.local_part", rs -> {
                            archived.addMetric(List.of(rs.getString(1)), rs.getLong(2));
                            distributed.addMetric(List.of(rs.getString(1)), rs.getLong(3));
                            return null;
                        });
                out.add(archived);
                out.add(distributed);
                CounterMetricFamily vetting = new CounterMetricFamily("infohub_posts_vetting",
                        "Posts refused or held, by outcome", List.of("outcome"));
                jdbc.query("SELECT outcome, COUNT(*) FROM vetting_outcome GROUP BY outcome", rs -> {
                    vetting.addMetric(List.of(rs.getString(1)), rs.getLong(2));
                    return null;
                });
                out.add(vetting);
                long received = jdbc.queryLong("SELECT (SELECT COUNT(DISTINCT message_id) FROM submission) + "
                        + "(SELECT COUNT(*) FROM vetting_outcome WHERE outcome IN ('refused', 'held', 'rejected'))");
                out.add(new CounterMetricFamily("infohub_posts_received", "Posts taken for a list: archived, refused or held",
                        received));
                GaugeMetricFamily held = new GaugeMetricFamily("infohub_delivery_tls_held",
                        "Copies kept back since the domain's server offered no STARTTLS (their label needs TLS), per domain",
                        List.of("domain"));
                for (org.infohub.core.delivery.TlsHeld.Held h : new org.infohub.core.delivery.TlsHeld(jdbc,
                        java.time.Clock.systemUTC()).current()) {
                    held.addMetric(List.of(h.domain()), h.copies());
                }
                out.add(held);
                out.add(gauge("infohub_digests_waiting", "Digests built and not yet handed to delivery",
                        () -> jdbc.queryLong("SELECT COUNT(*) FROM digest_outbox WHERE handed_over_at IS NULL")));
                out.add(gauge("infohub_members_delivery_stopped", "Representatives whose delivery stopped after bounces",
                        () -> jdbc.queryLong("SELECT COUNT(*) FROM representative WHERE delivery_disabled_at IS NOT NULL")));
                long last = jdbc.queryLong("SELECT COALESCE(MAX(seq), 0) FROM submission");
                ArchiveIndex index = sources.index();
                out.add(gauge("infohub_index_lag", "Archived posts not yet in the search index",
                        () -> index == null ? last : Math.max(0, last - index.cursor())));
                lastFromDatabase = List.copyOf(fromDatabase);
                lastFromDatabaseAt = System.currentTimeMillis();
                out = served;
                out.addAll(fromDatabase);
                out.add(gauge("infohub_database_up", "Whether MariaDB answered this scrape", () -> 1));
            } catch (RuntimeException e) {
                // MariaDB away: its figures as last read, marked by their age, rather than dropped.
                out = served;
                out.addAll(lastFromDatabase);
                out.add(gauge("infohub_database_up", "Whether MariaDB answered this scrape", () -> 0));
            }
            long at = lastFromDatabaseAt;
            out.add(gauge("infohub_database_figures_age_seconds", "Age of the figures read from MariaDB (archive, "
                    + "vetting, digests, index lag): 0 when read by this scrape, -1 when never read",
                    () -> at == 0 ? -1 : (System.currentTimeMillis() - at) / 1000));
            Runtime rt = Runtime.getRuntime();
            out.add(gauge("jvm_memory_heap_used_bytes", "Heap in use", () -> rt.totalMemory() - rt.freeMemory()));
            out.add(gauge("jvm_memory_heap_max_bytes", "Largest heap", rt::maxMemory));
            out.add(gauge("jvm_threads_live", "Live threads", () -> ManagementFactory.getThreadMXBean().getThreadCount()));
            CounterMetricFamily gc = new CounterMetricFamily("jvm_gc_collection_seconds", "Time spent in garbage collection",
                    List.of("gc"));
            for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                gc.addMetric(List.of(b.getName()), b.getCollectionTime() / 1000.0);
            }
            out.add(gc);
            GaugeMetricFamily pool = new GaugeMetricFamily("infohub_db_pool_connections", "MariaDB connection pool",
                    List.of("state"));
            sources.pool().forEach((state, n) -> pool.addMetric(List.of(state), n));
            out.add(pool);
            return out;
        }

        private GaugeMetricFamily gauge(String name, String help, LongSupplier value) {
            return new GaugeMetricFamily(name, help, value.getAsLong());
        }
    }
}
