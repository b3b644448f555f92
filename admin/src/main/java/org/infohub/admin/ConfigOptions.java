package org.infohub.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.config.HubConfig;
import org.infohub.core.config.HubConfigLoader;

import picocli.CommandLine.Option;

/**
 * The options every command shares to find the hub: configuration file, data directory and
 * database. Without {@code --config}, {@code conf/infohub.properties} is read when it exists.
 */
public class ConfigOptions {
    public static final Path DEFAULT_CONFIG = Path.of("conf", "infohub.properties");

    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: conf/infohub.properties when present)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (default: ./data)")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC-URL", description = "an external MariaDB (default: the embedded one)")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "the external MariaDB's user (default: db.user)")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "a file holding the external MariaDB's password (never on the command line, where ps shows it)")
    Path dbPasswordFile;

    /** Settings given on the command line, overriding the file. */
    protected Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        if (dataDir != null) {
            o.put(HubConfigLoader.DATA_DIR, dataDir.toString());
        }
        if (dbUrl != null) {
            o.put(HubConfigLoader.DB_URL, dbUrl);
        }
        if (dbUser != null) {
            o.put(HubConfigLoader.DB_USER, dbUser);
        }
        if (dbPasswordFile != null) {
            try {
                o.put(HubConfigLoader.DB_PASSWORD, Files.readString(dbPasswordFile).strip());
            } catch (java.io.IOException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--db-password-file " + dbPasswordFile + " cannot be read: " + e.getMessage());
            }
        }
        return o;
    }

    /** The configuration file in use, or null when there is none (built-in defaults). */
    public Path configFile() {
        if (config != null) {
            return config;
        }
        return Files.isRegularFile(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
    }

    public HubConfig load() {
        Optional<Path> file = Optional.ofNullable(config);
        if (file.isEmpty() && Files.isRegularFile(DEFAULT_CONFIG)) {
            file = Optional.of(DEFAULT_CONFIG);
        }
        return HubConfigLoader.load(file, overrides());
    }
}
