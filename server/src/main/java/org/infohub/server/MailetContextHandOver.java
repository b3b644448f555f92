package org.infohub.server;

import javax.inject.Inject;

import org.apache.mailet.MailetContext;
import org.infohub.mailet.HubServices;

/**
 * Hands James's mailet context to the server's own senders (digests, sign-in links, consent
 * requests, held posts) as James's injector is built, so none of them depends on a particular
 * mailet's {@code init()} having run (they used to wait for {@code HandOverDigest}'s).
 */
final class MailetContextHandOver {
    @Inject
    MailetContextHandOver(MailetContext context, HubServices hub) {
        hub.mailetContext().set(context);
    }
}
