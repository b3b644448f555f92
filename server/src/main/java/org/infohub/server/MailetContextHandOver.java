package org.infohub.server;

import javax.inject.Inject;

import org.apache.mailet.MailetContext;

/**
 * Hands James's mailet context to the server's own senders (digests, sign-in links, consent
 * requests, held posts) as James's injector is built, so none of them depends on a particular
 * mailet's {@code init()} having run (they used to wait for {@code HandOverDigest}'s).
 */
final class MailetContextHandOver {
    /** Where the hub's services read the context: made before them, so James need not wait for MariaDB. */
    record Slot(java.util.concurrent.atomic.AtomicReference<MailetContext> context) {
    }

    @Inject
    MailetContextHandOver(MailetContext context, Slot slot) {
        slot.context().set(context);
    }
}
