package org.infohub.admin.web;

import java.nio.file.Path;
import java.util.Optional;

import org.infohub.core.db.HubDatabase;

/** Whether the mail server runs on this data directory, for the console's banner. */
public record ServerStatus(boolean running, String text) {

    static ServerStatus of(Path dataDir) {
        return of(dataDir, org.infohub.core.i18n.Messages.of(org.infohub.core.i18n.Language.EN));
    }

    static ServerStatus of(Path dataDir, org.infohub.core.i18n.Messages t) {
        Optional<Long> pid = HubDatabase.runningServer(dataDir);
        return pid.map(p -> new ServerStatus(true, t.get("console.server.running", String.valueOf(p))))
                .orElse(new ServerStatus(false, t.get("console.server.stopped", dataDir.toAbsolutePath().toString())));
    }
}
