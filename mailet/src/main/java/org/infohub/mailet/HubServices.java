package org.infohub.mailet;

import java.time.Clock;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.config.HubConfig;
import org.infohub.core.member.MembershipRepository;

/**
 * What the hub's mailets and matchers need from {@code core}. The server binds one instance into
 * James's injector, so every mailet and matcher receives it through its constructor.
 */
public record HubServices(HubConfig config, MembershipRepository members, ArchiveRepository archive, Clock clock) {

    public String domain() {
        return config.domain();
    }
}
