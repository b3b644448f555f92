package org.infohub.server;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.modules.BlobExportMechanismModule;
import org.apache.james.modules.BlobMemoryModule;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.data.MemoryDataModule;
import org.apache.james.modules.data.MemoryDelegationStoreModule;
import org.apache.james.modules.data.MemoryUsersRepositoryModule;
import org.apache.james.modules.eventstore.MemoryEventStoreModule;
import org.apache.james.modules.mailbox.MemoryMailboxModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.queue.memory.MemoryMailQueueModule;
import org.apache.james.modules.server.MailetContainerModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.modules.vault.DeletedMessageVaultModule;

import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * The James modules the hub runs: the memory server's SMTP-only set, named here module by module.
 * James's {@code MemoryJamesServerMain.SMTP_ONLY_MODULE} is the same set, but reading it runs that
 * class's static initialiser, which builds every module of the full memory server (web admin with
 * its JWT keys, JMAP, IMAP, POP3) and so opens and verifies the signed Bouncy Castle jars at every
 * start: about 0.3 s of the start for modules the hub never installs.
 */
final class HubJamesModules {
    private HubJamesModules() {
    }

    static Module smtpOnly() {
        Module memoryServer = Modules.combine(new MailetProcessingModule(), new MemoryDelegationStoreModule(),
                new BlobMemoryModule(), new DeletedMessageVaultModule(), new BlobExportMechanismModule(),
                new MailboxModule(), new MemoryDataModule(), new MemoryEventStoreModule(), new MemoryMailboxModule(),
                new MemoryMailQueueModule(), new TaskManagerModule());
        return Modules.combine(memoryServer, new ProtocolHandlerModule(), new SMTPServerModule(),
                new RawPostDequeueDecoratorModule(),
                binder -> binder.bind(MailetContainerModule.DefaultProcessorsConfigurationSupplier.class)
                        .toInstance(BaseHierarchicalConfiguration::new),
                new MemoryUsersRepositoryModule());
    }
}
