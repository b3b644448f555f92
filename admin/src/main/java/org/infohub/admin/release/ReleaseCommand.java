package org.infohub.admin.release;

import picocli.CommandLine.Command;

/** {@code ./infohub release ...}: public releases of archived posts. */
@Command(name = "release", mixinStandardHelpOptions = true, description = "Public Zone releases: draft, publish, list.",
        subcommands = {ReleaseDraftCommand.class, ReleasePublishCommand.class, ReleaseListCommand.class})
public class ReleaseCommand {
}
