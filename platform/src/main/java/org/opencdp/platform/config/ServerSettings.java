package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;
import static org.opencdp.platform.config.ConfigValues.checkPort;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The job-control server ({@code cdp server}): where it listens, the engineer token it expects, and the
 * database that keeps its jobs. A missing token means "generate one into {@link #tokenFile()}", which
 * only the embedded mode allows.
 */
public record ServerSettings(
        String bindHost,
        int port,
        Optional<String> token,
        Path tokenFile,
        String jobStoreUri,
        Optional<String> jobStoreUser,
        Optional<String> jobStorePassword,
        Path jobsDirectory) {
    public ServerSettings {
        requireNonNull(bindHost, "bindHost is null");
        checkPort(CdpProperties.SERVER_PORT, port);
        requireNonNull(token, "token is null");
        token.ifPresent(value -> {
            if (value.length() < CdpProperties.SERVER_TOKEN_MIN_LENGTH) {
                throw new InvalidConfigException("Invalid " + CdpProperties.SERVER_TOKEN + ": it has " + value.length()
                        + " characters, at least " + CdpProperties.SERVER_TOKEN_MIN_LENGTH + " are required");
            }
        });
        requireNonNull(tokenFile, "tokenFile is null");
        requireNonNull(jobStoreUri, "jobStoreUri is null");
        if (!jobStoreUri.startsWith("jdbc:sqlite:") && !jobStoreUri.startsWith("jdbc:postgresql:")) {
            throw new InvalidConfigException("Invalid " + CdpProperties.JOBS_STORE_URI + " '" + jobStoreUri
                    + "': expected a jdbc:sqlite: or jdbc:postgresql: URL");
        }
        requireNonNull(jobStoreUser, "jobStoreUser is null");
        requireNonNull(jobStorePassword, "jobStorePassword is null");
        requireNonNull(jobsDirectory, "jobsDirectory is null");
    }

    static ServerSettings from(ConfigValues values, Path home, String bindHost, CdpConfig.CatalogType catalogType, CatalogSettings catalog) {
        Path jobsDirectory = home.resolve("jobs");
        Optional<String> storeUri = values.optionalString(CdpProperties.JOBS_STORE_URI).map(String::strip);
        Optional<String> user = values.optionalString(CdpProperties.JOBS_STORE_USER);
        Optional<String> password = values.optionalString(CdpProperties.JOBS_STORE_PASSWORD);
        String uri;
        if (storeUri.isPresent()) {
            uri = storeUri.get();
        }
        else if (catalogType == CdpConfig.CatalogType.POSTGRES) {
            // The stack's PostgreSQL already holds the catalog: the jobs table lives beside it.
            uri = catalog.properties().get("uri");
            user = user.or(() -> values.optionalString(CdpProperties.CATALOG_USER));
            password = password.or(() -> values.optionalString(CdpProperties.CATALOG_PASSWORD));
        }
        else {
            uri = "jdbc:sqlite:" + jobsDirectory.resolve("jobs.db");
        }
        Optional<String> token = values.optionalString(CdpProperties.SERVER_TOKEN).map(String::strip);
        if (token.isEmpty() && catalogType != CdpConfig.CatalogType.SQLITE) {
            throw new InvalidConfigException("Missing configuration " + CdpProperties.SERVER_TOKEN
                    + ": a token is generated only for the embedded sqlite catalog; set "
                    + CdpProperties.environmentVariable(CdpProperties.SERVER_TOKEN) + " to a random string of at least "
                    + CdpProperties.SERVER_TOKEN_MIN_LENGTH + " characters");
        }
        return new ServerSettings(
                bindHost,
                values.port(CdpProperties.SERVER_PORT, CdpProperties.SERVER_PORT_DEFAULT),
                token,
                home.resolve("secrets").resolve("server.token"),
                uri,
                user,
                password,
                jobsDirectory);
    }

    @Override
    public String toString() {
        return "ServerSettings[bindHost=" + bindHost + ", port=" + port + ", token=" + token.map(value -> ConfigValues.MASK).orElse("(generated)")
                + ", jobStoreUri=" + jobStoreUri + ", jobsDirectory=" + jobsDirectory + "]";
    }
}
