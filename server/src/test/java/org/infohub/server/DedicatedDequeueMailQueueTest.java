package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.broker.BrokerService;
import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.codahale.metrics.MetricRegistry;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * James's own JMS mail queue on a real (in-memory) ActiveMQ broker, consumed the way James 3.8.1's
 * RemoteDelivery and spooler consume it: one dequeue subscription, each item processed on a
 * bounded-elastic worker. Mail arrives in bursts faster than it is processed, with idle gaps, as on a hub; every item
 * must be processed while the consumer runs, not after a restart.
 */
class DedicatedDequeueMailQueueTest {
    private static BrokerService broker;
    private static ActiveMQMailQueueFactory queues;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new BrokerService();
        broker.setBrokerName("dequeue-test");
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.start();
        ActiveMQConnectionFactory connections = new ActiveMQConnectionFactory("vm://dequeue-test?create=false");
        ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
        prefetch.setQueuePrefetch(0); // as James's EmbeddedActiveMQ
        connections.setPrefetchPolicy(prefetch);
        connections.setTrustAllPackages(true);
        queues = new ActiveMQMailQueueFactory(connections, new RawMailQueueItemDecoratorFactory(),
                new DropWizardMetricFactory(new MetricRegistry()), new NoopGaugeRegistry(), new ActiveMQMetricCollectorNoop()) {
            @Override
            protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
                return new DedicatedDequeueMailQueue(super.createCacheableMailQueue(name), super.createCacheableMailQueue(name));
            }
        };
        queues.setUseJMX(false);
        queues.setUseBlobMessages(false); // the body travels in the JMS message; no blob server here
        queues.init();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        queues.destroy();
        broker.stop();
    }

    @Test
    void everyMailOfEveryBurstIsProcessedWhileTheConsumerRuns() throws Exception {
        ManageableMailQueue queue = queues.createQueue(MailQueueName.of("bursts"));
        Set<String> processed = ConcurrentHashMap.newKeySet();
        Scheduler workers = Schedulers.newBoundedElastic(4, 10_000, "test-process");
        Scheduler subscriber = Schedulers.newSingle("test-dequeue");
        Disposable consumer = Flux.from(queue.deQueue())
                .flatMap(item -> Mono.fromRunnable(() -> {
                    pause(); // a delivery takes a while: the consumer reaches its 256 items in flight
                    processed.add(item.getMail().getName());
                    try {
                        item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
                    } catch (MailQueue.MailQueueException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        LifecycleUtil.dispose(item.getMail());
                    }
                }).subscribeOn(workers), 256)
                .subscribeOn(subscriber)
                .subscribe();
        try {
            int sent = 0;
            for (int burst = 0; burst < 3; burst++) {
                for (int i = 0; i < 400; i++) {
                    MailImpl mail = mail("burst" + burst + "-" + i);
                    queue.enQueue(mail);
                    LifecycleUtil.dispose(mail);
                    sent++;
                }
                int expected = sent;
                // James's receive waits 10 s on an empty queue: a mail stuck behind it would need
                // longer than this deadline, for ever while the queue stays empty.
                await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(processed).hasSize(expected));
            }
            assertThat(queue.getSize()).isZero();
        } finally {
            consumer.dispose();
            workers.dispose();
            subscriber.dispose();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static MailImpl mail(String name) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject(name);
        message.setText("body of " + name);
        message.saveChanges();
        return MailImpl.builder().name(name).sender("rep@member.example")
                .addRecipient(new MailAddress("finance@hub.localhost")).mimeMessage(message).build();
    }
}
