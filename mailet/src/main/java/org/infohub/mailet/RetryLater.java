package org.infohub.mailet;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.infohub.core.db.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a hub mailet or matcher sends mail it could not handle. When the cause is MariaDB being
 * out of reach, the mail goes back on James's durable spool with a growing delay and is handled
 * again from the start once the database answers: not bounced, not dropped. Any other failure
 * goes to the error processor, which keeps the mail in a repository.
 *
 * <pre>{@code
 * <mailet match="All" class="org.infohub.mailet.RetryLater">
 *   <firstDelay>1</firstDelay>  <!-- seconds -->
 *   <maxDelay>300</maxDelay>     <!-- seconds -->
 *   <errorProcessor>error</errorProcessor>
 * </mailet>}</pre>
 */
public class RetryLater extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(RetryLater.class);
    public static final AttributeName ATTEMPTS = AttributeName.of("infohub.retryAttempts");

    private final HubServices hub;
    private Duration firstDelay;
    private Duration maxDelay;
    private String errorProcessor;

    @javax.inject.Inject
    public RetryLater(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of("firstDelay", "maxDelay", "errorProcessor"));
        firstDelay = Duration.ofSeconds(seconds("firstDelay", 1));
        maxDelay = Duration.ofSeconds(seconds("maxDelay", 300));
        errorProcessor = getInitParameter("errorProcessor", "error");
    }

    private long seconds(String name, long fallback) throws MessagingException {
        String v = getInitParameter(name, Long.toString(fallback)).trim();
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MessagingException("RetryLater: " + name + " = '" + v + "' must be a whole number of seconds above 0");
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        Optional<Throwable> cause = mail.getAttribute(Mail.MAILET_ERROR).map(a -> a.getValue().value())
                .filter(Throwable.class::isInstance).map(Throwable.class::cast);
        if (cause.isEmpty() || !databaseUnavailable(cause.get())) {
            LOG.info("failed mail={} stage=retry action=to-{} reason={}", mail.getName(), errorProcessor,
                    cause.map(Throwable::getMessage).orElse("unknown"));
            mail.setState(errorProcessor);
            return;
        }
        int attempt = HubAttributes.longValue(mail, ATTEMPTS).map(Long::intValue).orElse(0) + 1;
        Duration delay = delay(attempt);
        mail.removeAttribute(Mail.MAILET_ERROR);
        mail.setAttribute(new Attribute(ATTEMPTS, AttributeValue.of((long) attempt)));
        mail.setErrorMessage(null);
        hub.databaseRetries().incrementAndGet();
        LOG.warn("database unavailable: mail={} will be retried in {} s in {} (attempt {})", mail.getName(),
                delay.toSeconds(), HubAttributes.string(mail, HubAttributes.FAILED_IN).orElse(Mail.DEFAULT), attempt);
        // Back to the processor it failed in (every hub mailet notes it), else from the root.
        String back = HubAttributes.string(mail, HubAttributes.FAILED_IN).orElse(Mail.DEFAULT);
        mail.removeAttribute(HubAttributes.FAILED_IN);
        getMailetContext().sendMail(mail, back, delay.toMillis(), TimeUnit.MILLISECONDS);
        mail.setState(Mail.GHOST);
    }

    Duration delay(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = firstDelay.multipliedBy(factor);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    static boolean databaseUnavailable(Throwable t) {
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof DataAccessException dae && dae.isUnavailable()) {
                return true;
            }
            if (c instanceof SQLTransientConnectionException
                    || c instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t.getCause() != null) {
            return t.getCause();
        }
        return t instanceof MessagingException me ? me.getNextException() : null;
    }
}
