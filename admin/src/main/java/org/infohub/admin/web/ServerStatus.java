package org.infohub.admin.web;

import java.nio.file.Path;
import java.util.Optional;

import org.infohub.core.db.HubDatabase;

/** Whether the mail server runs on this data directory, for the console's banner. */
public record ServerStatus(boolean running, String text) {

    static ServerStatus of(Path dataDir) {
        Optional<Long> pid = HubDatabase.runningServer(dataDir);
        return pid.map(p -> new ServerStatus(true, "The hub server is running (process " + p + ")."))
                .orElse(new ServerStatus(false, "The hub server is not running on " + dataDir.toAbsolutePath()
                        + ": no mail is received or delivered until it is started with ./infohub server. "
                        + "Changes made here are kept and apply once it runs."));
    }
}
