package org.opencdp.infra.trino;

import static java.util.Objects.requireNonNull;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.opencdp.platform.config.CatalogSettings;
import org.opencdp.platform.lakehouse.TableSpec;

/**
 * One single-node Trino server (coordinator and worker) in its own JVM: HTTPS only, users authenticated by a
 * bcrypt password file, file-based access control from {@link AccessRules}, and one iceberg catalog on the
 * platform's catalog. Everything it needs is written under {@code directory}: {@code etc/}, {@code data/} and
 * {@code server.log}.
 */
public final class TrinoServer {
    private static final int BCRYPT_COST = 10;

    /** What a server needs to start. Passwords are per user; each user is an analyst or an engineer. */
    public record Launch(
            Path directory,
            TrinoDistribution distribution,
            Path javaHome,
            String bindHost,
            int port,
            String maxHeap,
            CatalogSettings catalog,
            List<TableSpec> tables,
            List<String> analysts,
            List<String> engineers,
            Map<String, String> passwords,
            TlsFiles tls,
            String sharedSecret) {
        public Launch {
            requireNonNull(directory, "directory is null");
            requireNonNull(distribution, "distribution is null");
            requireNonNull(javaHome, "javaHome is null");
            requireNonNull(bindHost, "bindHost is null");
            requireNonNull(maxHeap, "maxHeap is null");
            requireNonNull(catalog, "catalog is null");
            tables = List.copyOf(tables);
            analysts = List.copyOf(analysts);
            engineers = List.copyOf(engineers);
            passwords = Map.copyOf(passwords);
            requireNonNull(tls, "tls is null");
            requireNonNull(sharedSecret, "sharedSecret is null");
            for (String user : concat(analysts, engineers)) {
                if (!passwords.containsKey(user)) {
                    throw new IllegalArgumentException("No password for Trino user " + user);
                }
            }
        }

        public TrinoEndpoint endpoint() {
            return new TrinoEndpoint(bindHost, port, catalog.name(), tls.trustStore(), tls.password());
        }

        public Path log() {
            return directory.resolve("server.log");
        }
    }

    private TrinoServer() {}

    /** Writes the configuration and starts the server; returns once the process runs (see {@link #awaitReady}). */
    public static Process start(Launch launch) {
        requireNonNull(launch, "launch is null");
        Path etc = launch.directory().resolve("etc");
        writeConfiguration(launch, etc);
        List<String> command = new ArrayList<>(List.of(
                launch.javaHome().resolve("bin").resolve("java").toString(),
                "-Xmx" + launch.maxHeap(),
                "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djdk.attach.allowAttachSelf=true",
                "-Dfile.encoding=UTF-8",
                "-Dnode.environment=cdp",
                "-Dnode.id=cdp-local",
                "-Dnode.data-dir=" + launch.directory().resolve("data"),
                "-Dconfig=" + etc.resolve("config.properties"),
                "-Dlog.levels-file=" + etc.resolve("log.properties"),
                "-cp", launch.distribution().lib() + File.separator + "*",
                TrinoDistribution.MAIN_CLASS));
        try {
            Files.createDirectories(launch.directory().resolve("data"));
            return new ProcessBuilder(command)
                    .directory(launch.directory().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(launch.log().toFile()))
                    .start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start Trino with " + command.get(0), e);
        }
    }

    /**
     * Waits until the server answers queries of {@code user}; fails with the end of the server log when the process
     * exits or {@code timeout} passes first.
     */
    public static void awaitReady(Launch launch, ProcessHandle process, String user, Duration timeout) {
        TrinoEndpoint endpoint = launch.endpoint();
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().sslContext(sslContext(endpoint)).connectTimeout(Duration.ofSeconds(2)).build();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Trino exited while starting; end of " + launch.log() + ":\n" + tail(launch.log(), 30));
            }
            try {
                HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(endpoint.httpsUrl() + "/v1/info"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (info.statusCode() == 200 && info.body().contains("\"starting\":false")) {
                    try (Connection connection = endpoint.connect(user, launch.passwords().get(user));
                            Statement statement = connection.createStatement()) {
                        statement.execute("SELECT 1");
                        return;
                    }
                }
                lastProblem = "/v1/info answered " + info.statusCode();
            }
            catch (IOException | SQLException e) {
                lastProblem = e.getMessage();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Trino", e);
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("Trino did not become ready within " + timeout.toSeconds() + " s (" + lastProblem
                + "); end of " + launch.log() + ":\n" + tail(launch.log(), 30));
    }

    static void writeConfiguration(Launch launch, Path etc) {
        Path catalogs = etc.resolve("catalog");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("coordinator", "true");
        config.put("node-scheduler.include-coordinator", "true");
        config.put("node.internal-address", launch.bindHost());
        config.put("node.bind-ip", launch.bindHost());
        // HTTPS only: over plain HTTP, Trino would take a user name without a password
        config.put("http-server.http.enabled", "false");
        config.put("http-server.https.enabled", "true");
        config.put("http-server.https.port", Integer.toString(launch.port()));
        config.put("http-server.https.keystore.path", launch.tls().keyStore().toString());
        config.put("http-server.https.keystore.key", launch.tls().password());
        config.put("internal-communication.shared-secret", launch.sharedSecret());
        config.put("internal-communication.https.required", "true");
        // the coordinator talks to itself as a worker over HTTPS: it must trust its own certificate
        config.put("internal-communication.https.truststore.path", launch.tls().trustStore().toString());
        config.put("internal-communication.https.truststore.key", launch.tls().password());
        config.put("discovery.uri", "https://" + launch.bindHost() + ":" + launch.port());
        config.put("http-server.authentication.type", "PASSWORD");
        config.put("password-authenticator.config-files", etc.resolve("password-authenticator.properties").toString());
        config.put("access-control.config-files", etc.resolve("access-control.properties").toString());
        config.put("plugin.dir", launch.distribution().plugins().toString());
        config.put("catalog.config-dir", catalogs.toString());
        config.put("catalog.management", "static");
        config.put("web-ui.enabled", "true");

        StringBuilder passwords = new StringBuilder();
        for (String user : concat(launch.analysts(), launch.engineers())) {
            String hash = new String(BCrypt.withDefaults().hash(BCRYPT_COST, launch.passwords().get(user).toCharArray()), StandardCharsets.UTF_8);
            passwords.append(user).append(':').append(hash).append('\n');
        }
        Secrets.write(etc.resolve("config.properties"), properties(config));
        Secrets.write(etc.resolve("log.properties"), "io.trino=INFO\norg.eclipse.jetty=WARN\n");
        Secrets.write(etc.resolve("password.db"), passwords.toString());
        Secrets.write(etc.resolve("password-authenticator.properties"), properties(Map.of(
                "password-authenticator.name", "file",
                "file.password-file", etc.resolve("password.db").toString())));
        Secrets.write(etc.resolve("rules.json"),
                new AccessRules(launch.catalog().name(), launch.analysts(), launch.engineers()).toJson(launch.tables()));
        Secrets.write(etc.resolve("access-control.properties"), properties(Map.of(
                "access-control.name", "file",
                "security.config-file", etc.resolve("rules.json").toString())));
        Secrets.write(catalogs.resolve(launch.catalog().name() + ".properties"), properties(TrinoCatalogProperties.of(launch.catalog())));
    }

    private static String properties(Map<String, String> values) {
        return values.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .sorted()
                .collect(Collectors.joining("\n", "", "\n"));
    }

    static SSLContext sslContext(TrinoEndpoint endpoint) {
        try {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(endpoint.trustStore())) {
                trustStore.load(in, endpoint.trustStorePassword().toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read trust store " + endpoint.trustStore(), e);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Unusable trust store " + endpoint.trustStore(), e);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Trino", e);
        }
    }
}
