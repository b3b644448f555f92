package org.infohub.server;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.server.core.configuration.Configuration;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.stats.HubCounters;
import org.infohub.indexer.ArchiveIndex;
import org.infohub.indexer.IndexSwap;
import org.infohub.mailet.HubServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Module;

/**
 * The composition root of the mail server: MariaDB (embedded or external) migrated by Flyway,
 * the archive indexer, and Apache James with the durable queue and the hub's mailets, in one JVM.
 * {@link #stop()} takes them down in the reverse order.
 */
public final class HubServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);
    /** Which of the background jobs this node runs now (one node at a time per job). */
    private volatile JobLeases jobLeases;

    static {
        // Without this, a James start-up error calls System.exit instead of throwing.
        System.setProperty("james.exit.on.startup.error", "false");
        // ActiveMQ's broker otherwise installs Bouncy Castle as a JCA provider for the whole JVM as its
        // class loads: a second of CPU at every start (its signed jar verified, its algorithms and
        // curves set up), for nothing the hub asks of JCA; the JDK's providers serve TLS and DKIM.
        if (System.getProperty("org.apache.activemq.broker.BouncyCastleNotAdded") == null) {
            System.setProperty("org.apache.activemq.broker.BouncyCastleNotAdded", "true");
        }
    }

    private final HubConfig config;
    private HubDatabase database;
    private DemoMailServer demo;
    private LoopbackDns demoDns;
    private volatile ArchiveIndex index;
    private volatile HubMetrics metrics;
    private GuiceJamesServer james;
    private boolean claimed;
    private HubServices services;
    private CounterFlusher retryCounter;
    private DigestScheduler digestScheduler;
    private HeldPostReleaser heldPosts;
    private ReleaseConsentMailer consentMailer;
    private ManageLinkMailer manageLinks;
    private org.infohub.mailet.MailBudget budget;
    private ArchiveRepository archive;
    private java.util.concurrent.ScheduledExecutorService swapWatch;

    public HubServer(HubConfig config) {
        this.config = config;
    }

    /**
     * Starts everything; on failure, stops what had started and throws. MariaDB (its start and the
     * migrations), the index and the hub's services come up on their own thread while James builds
     * its injector, starts its queue broker and its SMTP servers on this one: James asks for the
     * hub's services only when it creates the mailets and hooks, and waits for them there. (Run one
     * after the other they took 1.2 s and 2.9 s of a 5 s start.) The demo opens its database
     * first, as it configures James from it.
     */
    public HubServer start() throws Exception {
        long t0 = System.nanoTime();
        java.util.concurrent.CompletableFuture<Void> storage = null;
        try {
            if (config.demo() && HubServer.class.getClassLoader().getResource("com/icegreen/greenmail/util/GreenMail.class") == null) {
                throw new IllegalStateException("--demo needs the demo's mail server (GreenMail), which the production release "
                        + "leaves out: unpack infohub-VERSION-embedded.tar.gz over the release, or start without --demo");
            }
            ownerOnly(config.dataDir());
            HubConfig effective = config;
            java.util.concurrent.atomic.AtomicReference<org.apache.mailet.MailetContext> mailetContext =
                    new java.util.concurrent.atomic.AtomicReference<>();
            if (config.demo()) {
                openDatabase();
                demo = DemoMailServer.start(config, database);
                effective = demo.configWithSmarthost(config);
                if (effective.trust().dnsServers().isEmpty()) {
                    // The demo's member domains exist nowhere: a DNS on loopback gives each an SPF
                    // record that passes mail from this machine, and publishes the hub's DKIM key.
                    demoDns = LoopbackDns.passingLoopback();
                    String s = demoDns.server();
                    effective = effective.withDnsServers(List.of(new HubConfig.HostAndPort(
                            s.substring(0, s.indexOf(':')), Integer.parseInt(s.substring(s.indexOf(':') + 1)))));
                }
                installOutgoingTls(effective);
                openIndexAndServices(effective, mailetContext);
                storage = java.util.concurrent.CompletableFuture.completedFuture(null);
            } else {
                HubConfig c = effective;
                java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
                Thread opener = new Thread(() -> {
                    try {
                        // First: James's delivery mailets, created after the hub's (which wait for
                        // this thread), find it installed.
                        installOutgoingTls(c);
                        openDatabase();
                        openIndexAndServices(c, mailetContext);
                        f.complete(null);
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                }, "infohub-start-storage");
                opener.setDaemon(true);
                opener.start();
                storage = f;
            }
            JamesConf.write(effective, effective.jamesDir(), TlsKeys.forConfig(effective));
            boolean newKey = !java.nio.file.Files.exists(effective.dkimKey());
            org.infohub.core.trust.DkimKeys.Key dkim = org.infohub.core.trust.DkimKeys.loadOrGenerate(effective.dkimKey());
            if (demoDns != null) {
                demoDns.txt(effective.trust().dkimSelector() + "._domainkey." + effective.domain(), dkim.txtValue());
            }
            if (newKey) {
                LOG.warn("made a DKIM key in {}; publish it: {}", effective.dkimKey(),
                        dkim.zoneRecord(effective.trust().dkimSelector(), effective.domain()));
            }
            if (!effective.oneClickPost()) {
                LOG.warn("public.url {} is not https: copies carry List-Unsubscribe without List-Unsubscribe-Post "
                        + "(RFC 8058 one-click unsubscription needs an HTTPS link)", effective.publicUrl());
            }
            budget = new org.infohub.mailet.MailBudget(effective.limits().mailBudget()).install();
            java.util.concurrent.CompletableFuture<Void> ready = storage;
            com.google.inject.Provider<HubServices> hub = () -> {
                awaitStorage(ready);
                return services;
            };
            List<Module> overrides = new ArrayList<>();
            DurableQueueModule queues = new DurableQueueModule();
            overrides.add(queues);
            overrides.add(binder -> binder.bind(HubServices.class).toProvider(hub));
            overrides.add(binder -> binder.bind(MailetContextHandOver.Slot.class)
                    .toInstance(new MailetContextHandOver.Slot(mailetContext)));
            overrides.add(binder -> binder.bind(MailetContextHandOver.class).asEagerSingleton());
            // James's SMTP servers with the hub's line reader (a long line refuses its message whole)
            overrides.add(binder -> binder.bind(org.apache.james.smtpserver.netty.SMTPServerFactory.class)
                    .to(HubSmtpServerFactory.class).in(com.google.inject.Scopes.SINGLETON));
            if (effective.smarthost().isPresent()) {
                overrides.add(binder -> binder.bind(DNSService.class).toInstance(new NoLookupDnsService()));
            } else {
                com.google.inject.Provider<DNSService> dns = () -> new HubDnsService(hub.get().trust().dns(),
                        hub.get().delivery().mtaSts());
                overrides.add(binder -> binder.bind(DNSService.class).toProvider(dns).in(com.google.inject.Scopes.SINGLETON));
            }
            james = GuiceJamesServer.forConfiguration(Configuration.builder()
                            .workingDirectory(effective.jamesDir().toFile()).build())
                    .combineWith(HubJamesModules.smtpOnly())
                    .overrideWith(overrides);
            try {
                james.start();
            } catch (Exception | Error e) {
                // MariaDB's own refusal says more than James's wrapping of it.
                awaitStorage(storage);
                throw e;
            }
            awaitStorage(storage);
            // One node at a time runs each background job when several share the database (issue 29).
            jobLeases = new JobLeases(new org.infohub.core.cluster.Leases(database.jdbc(),
                    org.infohub.core.cluster.Leases.nodeOf(effective.dataDir())));
            consentMailer = new ReleaseConsentMailer(new org.infohub.core.release.Releases(database.jdbc(), archive,
                    new org.infohub.core.audit.AuditLog(database.jdbc(), Clock.systemUTC()), Clock.systemUTC()), archive,
                    services.mailetContext(), effective.domain(), services.members(), effective.presentation().language(),
                    jobLeases);
            manageLinks = new ManageLinkMailer(database.jdbc(), services.mailetContext(), effective.domain(),
                    effective.publicUrl(), services.members(), effective.presentation().language(), jobLeases);
            heldPosts = new HeldPostReleaser(services.outcomes(), services.members(), services.mailetContext(), effective.domain(),
                    Clock.systemUTC(), effective.presentation().language(), jobLeases);
            digestScheduler = new DigestScheduler(effective, new org.infohub.core.digest.Digests(services.members(), archive,
                    effective.domain(), Clock.systemUTC(), effective.presentation().language()), services.mailetContext(),
                    Clock.systemUTC(), jobLeases);
            if (effective.presentation().metricsPort() > 0) {
                HubDatabase db = database;
                Duration spoolAlarm = effective.limits().spoolAgeAlarm();
                metrics = new HubMetrics(new HubMetrics.Sources() {
                    public org.infohub.core.db.Jdbc jdbc() {
                        return db.jdbc();
                    }

                    public org.infohub.mailet.delivery.HubDelivery.Counters copies() {
                        return services.delivery().counters();
                    }

                    public long queueSize(String queue) {
                        return queues.size(queue);
                    }

                    public ArchiveIndex index() {
                        return index;
                    }

                    public java.util.Map<String, Long> pool() {
                        return db.poolState();
                    }

                    public int overBudgetNow() {
                        return budget.overBudgetNow();
                    }

                    public long overBudgetTotal() {
                        return budget.setAsideCount();
                    }

                    public long oldestSpoolSeconds() {
                        return queues.oldestAgeSeconds("spool");
                    }

                    public Duration spoolAgeAlarm() {
                        return spoolAlarm;
                    }
                }).start(effective.presentation().metricsBind(), effective.presentation().metricsPort());
            }
            LOG.info("Infohub started in {} ms: SMTP on {}:{}, submission on {}, domain {}, data in {}",
                    Duration.ofNanos(System.nanoTime() - t0).toMillis(), effective.smtpBind(), effective.smtpPort(),
                    effective.trust().submissionPort() == 0 ? "(off)" : effective.smtpBind() + ":"
                            + effective.trust().submissionPort(), effective.domain(), effective.dataDir());
            return this;
        } catch (Exception | Error e) {
            if (storage != null) {
                // The storage thread finishes (or fails) before anything is stopped.
                try {
                    storage.join();
                } catch (RuntimeException ignored) {
                    // reported by awaitStorage, or superseded by e
                }
            }
            stop();
            throw e;
        }
    }

    /** RemoteDelivery's STARTTLS trusts what the hub's own SMTP client trusts. */
    private static void installOutgoingTls(HubConfig effective) throws IOException {
        org.infohub.mailet.delivery.TlsSocketFactories.install(
                org.infohub.mailet.delivery.OutgoingTls.of(effective.delivery().outgoing()));
    }

    /** MariaDB started (embedded) or reached, migrated, and the data directory claimed. */
    private void openDatabase() throws Exception {
        database = HubDatabase.openForServer(config);
        // Its embedded MariaDB stops last, after the spool and the index (stop()), not with the JVM's other exit hooks.
        database.embedded().ifPresent(org.infohub.core.db.EmbeddedMariaDb::stopLast);
        HubDatabase.claimDataDir(config.dataDir());
        claimed = true;
    }

    /** The index caught up with the archive and following it, and the services the mailets share. */
    private void openIndexAndServices(HubConfig effective,
                                      java.util.concurrent.atomic.AtomicReference<org.apache.mailet.MailetContext> context)
            throws IOException {
        // Claims to deliver a post carry this node's name (DATA/node-id), as its job leases do.
        ArchiveRepository archive = new ArchiveRepository(database.jdbc(),
                new org.infohub.core.indicator.Indicators(config.domain()),
                org.infohub.core.cluster.Leases.nodeOf(effective.dataDir()));
        IndexSwap.recover(config.indexDir(), archive);
        index = ArchiveIndex.open(config.indexDir(), archive);
        index.catchUp();
        index.startFollowing(Duration.ofMillis(200));
        this.archive = archive;
        swapWatch = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infohub-index-swap");
            t.setDaemon(true);
            return t;
        });
        swapWatch.scheduleWithFixedDelay(this::swapIndexIfRebuilt, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        services = new HubServices(effective, new MembershipRepository(database.jdbc()), archive, Clock.systemUTC(),
                context);
        retryCounter = new CounterFlusher(new HubCounters(database.jdbc()), HubCounters.DATABASE_RETRIES,
                services.databaseRetries());
    }

    /** Waits for the storage thread; its failure is thrown as it was raised there. */
    private static void awaitStorage(java.util.concurrent.CompletableFuture<Void> storage) {
        try {
            storage.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    public HubConfig config() {
        return config;
    }

    public HubDatabase database() {
        return database;
    }

    public ArchiveIndex index() {
        return index;
    }

    /** What the mailets share; its retry count tells how often MariaDB was found away. */
    public HubServices services() {
        return services;
    }

    /** Builds every waiting digest and hands the outbox to James now; returns how many were built. */
    public int sendDigestsNow() {
        return digestScheduler.sendNow();
    }

    /** Hands one digest to James again, as a crash between queueing and recording it would: for tests. */
    void handOverDigestAgain(long outboxId) {
        digestScheduler.queueAgain(outboxId);
    }

    /** Hands the outbox (digests built by another process) to James now. */
    public int handOverDigests() {
        return digestScheduler.handOver();
    }

    public Optional<DemoMailServer> demo() {
        return Optional.ofNullable(demo);
    }

    /** {@code ./infohub reindex} built a new index beside the live one: put it in place. */
    private synchronized void swapIndexIfRebuilt() {
        if (index == null || !IndexSwap.ready(config.indexDir())) {
            return;
        }
        try {
            index.close();
            index = null;
            IndexSwap.swap(config.indexDir());
        } catch (IOException | RuntimeException e) {
            LOG.warn("the rebuilt index could not be put in place: {}", e.getMessage());
        } finally {
            if (index == null) {
                index = ArchiveIndex.open(config.indexDir(), archive);
                try {
                    index.catchUp();
                } catch (IOException e) {
                    LOG.warn("index catch-up after the swap failed, the follower retries: {}", e.getMessage());
                }
                index.startFollowing(Duration.ofMillis(200));
            }
        }
    }

    /** Stops James first (no new mail), then the indexer, the demo mail server and MariaDB. */
    /** The port of the metrics listener, 0 when it is off. */
    public int metricsPort() {
        return metrics == null ? 0 : metrics.port();
    }

    public synchronized void stop() {
        long t0 = System.nanoTime();
        LOG.info("stopping: timers (digests, held posts, links, consent requests)");
        if (digestScheduler != null) {
            digestScheduler.close();
            digestScheduler = null;
        }
        if (heldPosts != null) {
            heldPosts.close();
            heldPosts = null;
        }
        if (manageLinks != null) {
            manageLinks.close();
            manageLinks = null;
        }
        if (consentMailer != null) {
            consentMailer.close();
            consentMailer = null;
        }
        if (jobLeases != null) {
            jobLeases.releaseAll();
            jobLeases = null;
        }
        if (swapWatch != null) {
            swapWatch.shutdownNow();
            swapWatch = null;
        }
        if (james != null) {
            LOG.info("stopping: SMTP and the spool (mail in hand finishes; the rest waits on the durable queue)");
            try {
                james.stop();
            } catch (RuntimeException e) {
                LOG.warn("James did not stop cleanly: {}", e.getMessage());
            }
            james = null;
        }
        if (budget != null) {
            budget.close();
            budget = null;
        }
        if (retryCounter != null) {
            retryCounter.close();
            retryCounter = null;
        }
        if (index != null) {
            LOG.info("stopping: the index");
            index.close();
            index = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (demo != null) {
            demo.stop();
            demo = null;
        }
        if (demoDns != null) {
            demoDns.close();
            demoDns = null;
        }
        if (database != null) {
            LOG.info("stopping: the database");
            database.close();
            database = null;
        }
        if (claimed) {
            HubDatabase.releaseDataDir(config.dataDir());
            claimed = false;
        }
        LOG.info("stopped in {} ms", java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Override
    public void close() {
        stop();
    }

    /** The data directory holds the archive, keys and passwords: mode 0700, made so if it is not. */
    static void ownerOnly(java.nio.file.Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        try {
            java.nio.file.Files.setPosixFilePermissions(dir,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    static void ensure(boolean ok, String what) throws IOException {
        if (!ok) {
            throw new IOException(what);
        }
    }
}
