package org.opencdp.infra.stack;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.iceberg.catalog.Catalog;
import org.opencdp.infra.trino.JavaHomes;
import org.opencdp.infra.trino.Secrets;
import org.opencdp.infra.trino.TlsFiles;
import org.opencdp.infra.trino.TrinoDistribution;
import org.opencdp.infra.trino.TrinoEndpoint;
import org.opencdp.infra.trino.TrinoServer;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.config.CdpProperties;
import org.opencdp.platform.config.StackSettings;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.platform.lakehouse.LakehouseTables;

/**
 * The local stack under {@code <home>/stack}, on the bind host: PostgreSQL (Iceberg JDBC catalog and operational
 * tables), a Kafka broker process and a Trino server on the same catalog ({@link Mode#FULL}); or Trino alone over the
 * configured catalog, the embedded SQLite one by default ({@link Mode#SQL}). Secrets are generated at the first
 * {@code up} into {@code <home>/stack/secrets} (mode 600). {@code <home>/stack/cdp.properties} configures programs
 * that use the full stack ({@code cdp --config <home>/stack/cdp.properties ...}).
 */
public final class LocalStack {
    public static final String CONFIG_FILE = "cdp.properties";
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TRINO_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /** What {@code up} starts. */
    public enum Mode {
        /** PostgreSQL, Kafka and Trino on the PostgreSQL catalog. */
        FULL,
        /** Trino alone, over the catalog of the given configuration (the embedded SQLite catalog by default). */
        SQL
    }

    private final CdpConfig config;
    private final StackSettings settings;
    private final Map<String, String> environment;
    private final String classPath;
    private final PrintWriter progress;

    /**
     * @param environment where {@code JAVA_HOME} and {@code PATH} are read, to find a JDK for Trino and PostgreSQL
     * @param classPath class path of the Kafka broker process (it must hold cdp-infra-kafka)
     */
    public LocalStack(CdpConfig config, Map<String, String> environment, String classPath, PrintWriter progress) {
        this.config = requireNonNull(config, "config is null");
        this.settings = config.stack();
        this.environment = Map.copyOf(environment);
        this.classPath = requireNonNull(classPath, "classPath is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public Path directory() {
        return settings.directory();
    }

    /** The configuration of programs that use the full stack. */
    public Path configFile() {
        return directory().resolve(CONFIG_FILE);
    }

    public Optional<StackState> state() {
        return StackState.read(directory());
    }

    /** Starts what is not running yet. A failure stops what this call started. */
    public StackState up(Mode mode) {
        requireNonNull(mode, "mode is null");
        Optional<StackState> previous = state();
        if (previous.isPresent() && previous.get().components().stream().anyMatch(component -> component.process().alive())) {
            if (previous.get().mode() != mode) {
                throw new IllegalStateException("The stack already runs in " + previous.get().mode().name().toLowerCase(java.util.Locale.ROOT)
                        + " mode; run 'cdp stack down' first");
            }
            if (previous.get().components().stream().allMatch(component -> component.process().alive())) {
                progress.println("Already running.");
                return previous.get();
            }
        }
        // fail before starting anything when Trino cannot run
        Path trinoJava = JavaHomes.findForTrino(settings.trinoJavaHome(), Optional.ofNullable(environment.get("JAVA_HOME")), JavaHomes.SEARCH_ROOTS);
        TrinoDistribution distribution = TrinoDistribution.locate(settings.trinoServerDirectory());
        prepareDirectory();

        CdpConfig catalogConfig = mode == Mode.FULL ? fullStackConfig() : config;
        StackState state = new StackState(mode, catalogConfig.catalog().name(), List.of());
        List<StackComponent> started = new ArrayList<>();
        try {
            if (mode == Mode.FULL) {
                Path binDirectory = PostgresServer.findBinDirectory(settings.postgresBinDirectory(), Optional.ofNullable(environment.get("PATH")));
                PostgresServer postgres = postgres(binDirectory);
                progress.printf("Starting PostgreSQL (%s) on %s:%d%n", binDirectory, settings.bindHost(), settings.postgresPort());
                OwnedProcess postmaster = postgres.start(secret("postgres.password"));
                state = record(state, started, new StackComponent(StackComponent.POSTGRES, postmaster,
                        postgres.jdbcUrl(PostgresServer.CATALOG_DATABASE), postgres.log()));

                progress.printf("Starting Kafka on %s:%d%n", settings.bindHost(), settings.kafkaPort());
                Path kafkaDirectory = directory().resolve("kafka");
                OwnedProcess kafka = KafkaBrokerProcess.start(Path.of(System.getProperty("java.home")), classPath, kafkaDirectory,
                        settings.bindHost(), settings.kafkaPort(), settings.kafkaControllerPort(), KAFKA_TIMEOUT);
                state = record(state, started, new StackComponent(StackComponent.KAFKA, kafka,
                        settings.bindHost() + ":" + settings.kafkaPort(), KafkaBrokerProcess.log(kafkaDirectory)));
            }

            // Trino reads the catalog's tables but does not create them: Iceberg's JdbcCatalog does, on first use
            progress.printf("Creating the lakehouse tables (catalog '%s')%n", catalogConfig.catalog().name());
            Catalog catalog = Catalogs.open(catalogConfig.catalog());
            try {
                new Lakehouse(catalog).init();
            }
            finally {
                if (catalog instanceof Closeable closeable) {
                    closeable.close();
                }
            }

            progress.printf("Starting Trino %s (%s) on https://%s:%d%n", TrinoDistribution.builtVersion(), trinoJava,
                    settings.bindHost(), settings.trinoPort());
            TrinoServer.Launch launch = trinoLaunch(catalogConfig, distribution, trinoJava);
            Process trino = TrinoServer.start(launch);
            state = record(state, started, new StackComponent(StackComponent.TRINO, OwnedProcess.of(trino.toHandle()),
                    launch.endpoint().httpsUrl(), launch.log()));
            TrinoServer.awaitReady(launch, trino.toHandle(), settings.engineers().isEmpty() ? settings.analysts().get(0) : settings.engineers().get(0),
                    TRINO_TIMEOUT);
            return state;
        }
        catch (RuntimeException | IOException e) {
            progress.println("Start failed; stopping what was started.");
            stop(started);
            StackState.delete(directory());
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Stops exactly the processes {@code up} started and recorded; returns their names. */
    public List<String> down() {
        Optional<StackState> state = state();
        if (state.isEmpty()) {
            return List.of();
        }
        List<String> stopped = stop(state.get().components());
        StackState.delete(directory());
        return stopped;
    }

    /** The running Trino server, as recorded by {@code up}. */
    public TrinoEndpoint trinoEndpoint() {
        StackState state = state()
                .filter(current -> current.component(StackComponent.TRINO).map(component -> component.process().alive()).orElse(false))
                .orElseThrow(() -> new IllegalStateException("Trino is not running; start it with 'cdp stack up' (full stack)"
                        + " or 'cdp stack up --sql-only' (Trino over the embedded catalog)"));
        TlsFiles tls = TlsFiles.in(directory().resolve("tls"), secret("tls.password"));
        return new TrinoEndpoint(settings.bindHost(), settings.trinoPort(), state.catalog(), tls.trustStore(), tls.password());
    }

    /** The password of a Trino user of the stack, generated at the first {@code up}. */
    public String trinoPassword(String user) {
        Properties passwords = readProperties(directory().resolve("secrets").resolve("trino-users.properties"));
        String password = passwords.getProperty(user);
        if (password == null) {
            throw new IllegalArgumentException("Unknown Trino user '" + user + "'; the stack's users are " + new TreeMap<>(passwords).keySet()
                    + " (" + CdpProperties.TRINO_ANALYSTS + ", " + CdpProperties.TRINO_ENGINEERS + ")");
        }
        return password;
    }

    private TrinoServer.Launch trinoLaunch(CdpConfig catalogConfig, TrinoDistribution distribution, Path trinoJava) {
        TlsFiles tls = TlsFiles.in(directory().resolve("tls"), secret("tls.password")).createIfMissing(trinoJava);
        Map<String, String> passwords = new LinkedHashMap<>();
        Properties stored = readProperties(directory().resolve("secrets").resolve("trino-users.properties"));
        List<String> users = new ArrayList<>(settings.analysts());
        users.addAll(settings.engineers());
        for (String user : users) {
            passwords.put(user, Optional.ofNullable(stored.getProperty(user)).orElseGet(() -> Secrets.newPassword(18)));
        }
        StringBuilder text = new StringBuilder("# Trino users of the local stack (user=password)\n");
        passwords.forEach((user, password) -> text.append(user).append('=').append(password).append('\n'));
        Secrets.write(directory().resolve("secrets").resolve("trino-users.properties"), text.toString());
        return new TrinoServer.Launch(directory().resolve("trino"), distribution, trinoJava, settings.bindHost(), settings.trinoPort(),
                settings.trinoMaxHeap(), catalogConfig.catalog(), LakehouseTables.all(), settings.analysts(), settings.engineers(),
                passwords, tls, secret("trino-internal.secret"));
    }

    /** The configuration of the full stack, written to {@link #configFile()} (mode 600: it holds secrets). */
    private CdpConfig fullStackConfig() {
        String postgresPassword = secret("postgres.password");
        Map<String, String> values = new LinkedHashMap<>();
        values.put(CdpProperties.HOME, config.home().toString());
        values.put(CdpProperties.BIND_HOST, settings.bindHost());
        values.put(CdpProperties.CATALOG_NAME, config.catalog().name());
        values.put(CdpProperties.CATALOG_TYPE, "postgres");
        values.put(CdpProperties.CATALOG_URI, postgres(Path.of("pg_ctl")).jdbcUrl(PostgresServer.CATALOG_DATABASE));
        values.put(CdpProperties.CATALOG_USER, PostgresServer.SUPERUSER);
        values.put(CdpProperties.CATALOG_PASSWORD, postgresPassword);
        values.put(CdpProperties.CATALOG_WAREHOUSE, "file:" + directory().resolve("warehouse"));
        values.put(CdpProperties.KAFKA_BOOTSTRAP_SERVERS, settings.bindHost() + ":" + settings.kafkaPort());
        values.put(CdpProperties.JOBS_STORE_URI, postgres(Path.of("pg_ctl")).jdbcUrl(PostgresServer.OPS_DATABASE));
        values.put(CdpProperties.JOBS_STORE_USER, PostgresServer.SUPERUSER);
        values.put(CdpProperties.JOBS_STORE_PASSWORD, postgresPassword);
        values.put(CdpProperties.TOKENIZATION_SECRET_KEY, base64Key("tokenization.key"));
        values.put(CdpProperties.VAULT_SECRET_KEY, base64Key("vault.key"));
        values.put(CdpProperties.SERVER_TOKEN, secret("server.token"));
        values.put(CdpProperties.STACK_POSTGRES_PORT, Integer.toString(settings.postgresPort()));
        values.put(CdpProperties.KAFKA_EMBEDDED_PORT, Integer.toString(settings.kafkaPort()));
        values.put(CdpProperties.KAFKA_EMBEDDED_CONTROLLER_PORT, Integer.toString(settings.kafkaControllerPort()));
        values.put(CdpProperties.TRINO_PORT, Integer.toString(settings.trinoPort()));
        values.put(CdpProperties.TRINO_ANALYSTS, String.join(",", settings.analysts()));
        values.put(CdpProperties.TRINO_ENGINEERS, String.join(",", settings.engineers()));
        StringBuilder text = new StringBuilder("# Written by cdp stack up: the configuration of programs that use the local stack.\n"
                + "# Holds generated secrets; never commit it.\n");
        values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Secrets.write(configFile(), text.toString());
        return CdpConfig.fromProperties(values);
    }

    private PostgresServer postgres(Path binDirectory) {
        return new PostgresServer(binDirectory, directory().resolve("postgres"), settings.bindHost(), settings.postgresPort());
    }

    private String base64Key(String name) {
        Path file = directory().resolve("secrets").resolve(name);
        if (!Files.isRegularFile(file)) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Secrets.write(file, Base64.getEncoder().encodeToString(key) + "\n");
        }
        return Secrets.readOrCreate(file, 0);
    }

    private String secret(String name) {
        return Secrets.readOrCreate(directory().resolve("secrets").resolve(name), 24);
    }

    private StackState record(StackState state, List<StackComponent> started, StackComponent component) {
        started.add(component);
        StackState updated = state.with(component);
        updated.write(directory());
        return updated;
    }

    private List<String> stop(List<StackComponent> components) {
        List<String> stopped = new ArrayList<>();
        List<StackComponent> reversed = new ArrayList<>(components);
        java.util.Collections.reverse(reversed);
        for (StackComponent component : reversed) {
            if (!component.process().alive()) {
                continue;
            }
            progress.printf("Stopping %s (pid %d)%n", component.name(), component.process().pid());
            if (component.name().equals(StackComponent.POSTGRES)) {
                try {
                    postgres(PostgresServer.findBinDirectory(settings.postgresBinDirectory(), Optional.ofNullable(environment.get("PATH")))).stop();
                }
                catch (RuntimeException e) {
                    progress.println("pg_ctl stop failed (" + e.getMessage() + "); terminating the postmaster");
                }
            }
            component.process().stop(STOP_GRACE);
            stopped.add(component.name());
        }
        return stopped;
    }

    private void prepareDirectory() {
        try {
            Files.createDirectories(directory().resolve("secrets"));
            Files.setPosixFilePermissions(directory().resolve("secrets"), PosixFilePermissions.fromString("rwx------"));
            // traversable, not listable: PostgreSQL runs as its own user when cdp runs as root
            Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("rwx--x--x"));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + directory(), e);
        }
    }

    private static Properties readProperties(Path file) {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return properties;
    }
}
