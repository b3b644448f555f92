package org.infohub.server;

import java.time.Duration;

import org.apache.james.lifecycle.api.Disposable;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A James mail queue whose consumers dequeue on a thread of their own.
 *
 * <p>James 3.8.1's JMS queue dequeues with a blocking {@code receive(10 s)} in a repeating
 * {@code Mono}, and its consumers ({@code RemoteDelivery}, the spooler) process each item on a
 * bounded-elastic worker. When an item completes, the next {@code request} is made on that worker,
 * so the blocking receive loop moves onto a processing worker and stays there while the queue is
 * empty; items already assigned to that worker then wait behind it until the process restarts.
 * Under load about one item in twenty was left that way: in bench/load 12 posts stayed in the
 * {@code outgoing} queue (dispatched to a live consumer, so no other consumer could take them).
 * Here every request is carried out on the dequeue thread ({@code subscribeOn} with requests on
 * its worker), so the blocking receive never runs on a processing worker.
 *
 * <p>Consumers also take their items over a JMS connection of their own. Each connection's
 * commands are carried out in order on one broker thread, and a consumer's commit (the removal of
 * an item, forced to the journal) took about 4 ms: on a shared connection an SMTP session's
 * {@code 250} waited behind the spooler's commits (issue 29, item 4; a JFR recording showed the
 * sends parked behind them). With its own connection, the send's journal write joins the others
 * in the journal's group commit instead of waiting its turn.
 */
final class DedicatedDequeueMailQueue implements ManageableMailQueue, Disposable {
    private final ManageableMailQueue delegate;
    private final ManageableMailQueue consumer;

    /** {@code delegate} takes mail in and is managed; {@code consumer}, the same queue over another connection, gives it out. */
    DedicatedDequeueMailQueue(ManageableMailQueue delegate, ManageableMailQueue consumer) {
        this.delegate = delegate;
        this.consumer = consumer;
    }

    @Override
    public Publisher<MailQueueItem> deQueue() {
        Scheduler dequeueThread = Schedulers.newSingle("infohub-dequeue-" + delegate.getName().asString(), true);
        return Flux.from(consumer.deQueue())
                .subscribeOn(dequeueThread, true)
                .doFinally(signal -> dequeueThread.dispose());
    }

    @Override
    public MailQueueName getName() {
        return delegate.getName();
    }

    @Override
    public void enQueue(Mail mail, Duration delay) throws MailQueueException {
        delegate.enQueue(mail, delay);
    }

    @Override
    public void enQueue(Mail mail) throws MailQueueException {
        delegate.enQueue(mail);
    }

    @Override
    public Publisher<Void> enqueueReactive(Mail mail) {
        return delegate.enqueueReactive(mail);
    }

    @Override
    public long getSize() throws MailQueueException {
        return delegate.getSize();
    }

    @Override
    public long flush() throws MailQueueException {
        return delegate.flush();
    }

    @Override
    public long clear() throws MailQueueException {
        return delegate.clear();
    }

    @Override
    public long remove(Type type, String value) throws MailQueueException {
        return delegate.remove(type, value);
    }

    @Override
    public MailQueueIterator browse() throws MailQueueException {
        return delegate.browse();
    }

    @Override
    public void close() {
        try {
            if (consumer != delegate) {
                consumer.close();
            }
            delegate.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void dispose() {
        for (ManageableMailQueue q : consumer == delegate ? java.util.List.of(delegate) : java.util.List.of(consumer, delegate)) {
            if (q instanceof Disposable disposable) {
                disposable.dispose();
            }
        }
    }
}
