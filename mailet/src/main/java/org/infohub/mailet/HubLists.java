package org.infohub.mailet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.infohub.core.db.DataAccessException;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's lists, read from MariaDB at most every few seconds. Lists change rarely, and the SMTP
 * recipient check and the routing matchers must keep taking posts while MariaDB is briefly away:
 * the posts then wait in James's durable queue and are retried, instead of being turned away.
 */
public final class HubLists {
    private static final Logger LOG = LoggerFactory.getLogger(HubLists.class);
    /** How long a read of the lists is used before it is read again. */
    public static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final MembershipRepository members;
    private final Clock clock;
    private volatile Map<String, HubList> byLocalPart;
    private volatile Instant readAt = Instant.MIN;

    public HubLists(MembershipRepository members, Clock clock) {
        this.members = members;
        this.clock = clock;
    }

    /** Reads the lists again at the next lookup (a change made in this process). */
    public void refresh() {
        readAt = Instant.MIN;
    }

    /** How old a read may be before an address it does not know makes the lists be read again. */
    static final Duration MISS_AFTER = Duration.ofMillis(10);

    public Optional<HubList> find(String localPart) {
        String key = localPart.toLowerCase(Locale.ROOT);
        HubList found = current().get(key);
        if (found == null && !clock.instant().isBefore(readAt.plus(MISS_AFTER))) {
            // A list created a moment ago (by the console or the command line) is found at once, not
            // refused for FRESH_FOR; mail to unknown addresses reads the (small) table at most every 10 ms.
            refresh();
            found = current().get(key);
        }
        return Optional.ofNullable(found);
    }

    private Map<String, HubList> current() {
        Instant now = clock.instant();
        Map<String, HubList> known = byLocalPart;
        if (known != null && now.isBefore(readAt.plus(FRESH_FOR))) {
            return known;
        }
        try {
            List<HubList> lists = members.lists();
            known = lists.stream().collect(Collectors.toUnmodifiableMap(HubList::localPart, Function.identity()));
            byLocalPart = known;
            readAt = now;
            return known;
        } catch (DataAccessException e) {
            if (known == null) {
                throw e;
            }
            LOG.warn("lists cannot be read from the database ({}); using the ones read at {}", e.getMessage(), readAt);
            readAt = now;
            return known;
        }
    }
}
