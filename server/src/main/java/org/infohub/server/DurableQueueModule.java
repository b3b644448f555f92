package org.infohub.server;

import java.util.List;

import org.apache.activemq.broker.BrokerRegistry;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

/**
 * James's mail queues on an embedded ActiveMQ broker persisted with KahaDB under the data
 * directory, in place of the memory queue: SMTP answers 250 only once the mail is on disk, so an
 * accepted mail survives a crash. (James 3.8.1's own Guice module for this is not published.)
 */
public class DurableQueueModule extends AbstractModule {
    private volatile ActiveMQMailQueueFactory created;

    /** How much mail waits in a queue ({@code spool}, {@code outgoing}); -1 when it cannot be read. */
    public long size(String queue) {
        ActiveMQMailQueueFactory f = created;
        if (f == null) {
            return -1;
        }
        try {
            return f.getQueue(org.apache.james.queue.api.MailQueueName.of(queue)).map(q -> {
                try {
                    return q.getSize();
                } catch (Exception e) {
                    return -1L;
                }
            }).orElse(0L);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Age in seconds of the oldest mail waiting in {@code queue} (by when it was last written
     * there); 0 when the queue is empty, -1 when it cannot be read. Reads only the queue's head.
     */
    public long oldestAgeSeconds(String queue) {
        ActiveMQMailQueueFactory f = created;
        if (f == null) {
            return -1;
        }
        try {
            java.util.Optional<? extends ManageableMailQueue> q = f.getQueue(MailQueueName.of(queue));
            if (q.isEmpty()) {
                return 0;
            }
            ManageableMailQueue.MailQueueIterator it = q.get().browse();
            try {
                if (!it.hasNext()) {
                    return 0;
                }
                // James builds the whole mail to show it (its bytes a source of their own): freed here.
                org.apache.mailet.Mail head = it.next().getMail();
                try {
                    java.util.Date updated = head.getLastUpdated();
                    return updated == null ? 0 : Math.max(0, (System.currentTimeMillis() - updated.getTime()) / 1000);
                } finally {
                    org.apache.james.lifecycle.api.LifecycleUtil.dispose(head);
                }
            } finally {
                it.close();
            }
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    protected void configure() {
        bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
        bind(EmbeddedActiveMQ.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorNoop.class);
    }

    /**
     * KahaDB as James leaves it, but the broker stores a sent message on the thread that received it
     * instead of handing it to a store-and-dispatch executor and waiting for that thread: the send
     * is acknowledged once the journal is on disk either way.
     */
    @Provides
    @Singleton
    KahaDBPersistenceAdapter kahaDb() {
        KahaDBPersistenceAdapter adapter = new KahaDBPersistenceAdapter();
        adapter.setConcurrentStoreAndDispatchQueues(false);
        return adapter;
    }

    /**
     * For benchmarks only ({@code bench/ingest --data-end N --ab}): consumers share the producers'
     * JMS connection, as before issue 29, so the two set-ups can be compared in one run.
     */
    private static final boolean SHARED_CONSUMER_CONNECTION = Boolean.getBoolean("infohub.bench.sharedQueueConnection");

    @Provides
    @Singleton
    ActiveMQMailQueueFactory factory(EmbeddedActiveMQ broker, MailQueueItemDecoratorFactory decorators,
                                     MetricFactory metrics, GaugeRegistry gauges, ActiveMQMetricCollector collector) {
        limitBrokerMemory();
        closeNetworkConnectors();
        inThread(broker);

        ActiveMQMailQueueFactory factory = new ActiveMQMailQueueFactory(broker, decorators, metrics, gauges, collector) {
            @Override
            protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
                // Consumers dequeue on their own thread and connection: see DedicatedDequeueMailQueue.
                ManageableMailQueue in = super.createCacheableMailQueue(name);
                return new DedicatedDequeueMailQueue(in, SHARED_CONSUMER_CONNECTION ? in : super.createCacheableMailQueue(name));
            }
        };
        // No JMX: the hub exposes no MBean server, and registering queue MBeans would fail.
        factory.setUseJMX(false);
        // The message itself goes into the queue's journal, which KahaDB forces to disk before the
        // broker acknowledges the send (and so before SMTP answers 250). James's default, a blob
        // file per message beside the journal, is written without being forced: after a power
        // failure the journal could name a mail whose file is empty. Blob messages queued by an
        // earlier release are still read.
        factory.setUseBlobMessages(false);
        factory.init();
        this.created = factory;
        return factory;
    }

    /** For benchmarks only ({@code bench/ingest --data-end N --ab}): the broker's answers over a thread of their own, as before. */
    private static final boolean ASYNC_VM_TRANSPORT = Boolean.getBoolean("infohub.bench.asyncVmTransport");

    /**
     * Sends and acknowledgements are carried out by the broker on the thread that makes them,
     * not handed to a transport thread on each side: by default ({@code async=true}) an SMTP
     * thread's send went to the broker's VMTransport thread, and the broker's answer, once the
     * journal was on disk, back through the client's; on two busy cores each hand-off waits to be
     * scheduled, and that was most of the time from the end of DATA to the {@code 250}.
     */
    static void inThread(EmbeddedActiveMQ broker) {
        if (!ASYNC_VM_TRANSPORT && broker.getConnectionFactory() instanceof org.apache.activemq.ActiveMQConnectionFactory f) {
            f.setBrokerURL("vm://james?create=false&async=false");
        }
    }

    /**
     * ActiveMQ keeps queued messages in memory up to its limit, by default 70% of the heap: with a
     * backlog (posts accepted faster than they are delivered) the broker's cache and the mail in
     * processing then fill the heap and the JVM spends its time collecting garbage (bench/load,
     * -Xmx512m: deliveries fell from 30 to 2 posts/s). An eighth of the heap, at most 128 MB, keeps
     * the queue fast; beyond it messages wait in KahaDB on disk.
     */
    private static void limitBrokerMemory() {
        BrokerService broker = BrokerRegistry.getInstance().lookup("james");
        if (broker != null) {
            long limit = Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 8);
            broker.getSystemUsage().getMemoryUsage().setLimit(limit);
        }
    }

    /**
     * James 3.8.1's embedded broker opens an OpenWire TCP connector on a random loopback port
     * ({@code tcp://localhost:0}) with no credentials, which any local user could reach. The queue
     * only ever talks to it in-VM ({@code vm://james}), so every network connector is closed as
     * soon as the broker is up, before the first mail is taken.
     */
    static void closeNetworkConnectors() {
        BrokerService broker = BrokerRegistry.getInstance().lookup("james");
        if (broker == null) {
            return;
        }
        for (org.apache.activemq.broker.TransportConnector c : List.copyOf(broker.getTransportConnectors())) {
            try {
                // removeConnector only takes it off the broker's list: the listener itself must be stopped
                c.stop();
                broker.removeConnector(c);
            } catch (Exception e) {
                throw new IllegalStateException("cannot close ActiveMQ's network connector " + c.getName(), e);
            }
        }
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(ActiveMQMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(ActiveMQMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> queuesOfMail(ActiveMQMailQueueFactory factory) {
        return factory;
    }
}
