package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;
import static org.opencdp.platform.config.CdpProperties.BIND_HOST;
import static org.opencdp.platform.config.CdpProperties.BIND_HOST_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.CATALOG_NAME;
import static org.opencdp.platform.config.CdpProperties.CATALOG_NAME_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.CATALOG_PASSWORD;
import static org.opencdp.platform.config.CdpProperties.CATALOG_PROPERTY_PREFIX;
import static org.opencdp.platform.config.CdpProperties.CATALOG_TYPE;
import static org.opencdp.platform.config.CdpProperties.CATALOG_TYPE_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.CATALOG_URI;
import static org.opencdp.platform.config.CdpProperties.CATALOG_USER;
import static org.opencdp.platform.config.CdpProperties.CATALOG_WAREHOUSE;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_ACK_TIMEOUT;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_ACK_TIMEOUT_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_MAX_BATCH_EVENTS;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_MAX_BATCH_EVENTS_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_MAX_DECOMPRESSED_BYTES;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_MAX_DECOMPRESSED_BYTES_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_MAX_REQUEST_BYTES;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_MAX_REQUEST_BYTES_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_PORT;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_PORT_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_RATE_LIMIT_BURST;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_RATE_LIMIT_BURST_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND;
import static org.opencdp.platform.config.CdpProperties.COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.FLINK_CHECKPOINT_DIR;
import static org.opencdp.platform.config.CdpProperties.FLINK_CHECKPOINT_INTERVAL;
import static org.opencdp.platform.config.CdpProperties.FLINK_CHECKPOINT_INTERVAL_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.FLINK_PARALLELISM;
import static org.opencdp.platform.config.CdpProperties.FLINK_PARALLELISM_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.FLINK_REST_PORT;
import static org.opencdp.platform.config.CdpProperties.FLINK_REST_PORT_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.HOME;
import static org.opencdp.platform.config.CdpProperties.HOME_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.KAFKA_BOOTSTRAP_SERVERS;
import static org.opencdp.platform.config.CdpProperties.KAFKA_BOOTSTRAP_SERVERS_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.KAFKA_DEFAULT_PARTITIONS;
import static org.opencdp.platform.config.CdpProperties.KAFKA_DEFAULT_PARTITIONS_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.KAFKA_EMBEDDED_CONTROLLER_PORT;
import static org.opencdp.platform.config.CdpProperties.KAFKA_EMBEDDED_CONTROLLER_PORT_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.KAFKA_EMBEDDED_PORT;
import static org.opencdp.platform.config.CdpProperties.KAFKA_EMBEDDED_PORT_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.SPARK_DRIVER_PORT;
import static org.opencdp.platform.config.CdpProperties.SPARK_DRIVER_PORT_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.SPARK_MASTER;
import static org.opencdp.platform.config.CdpProperties.SPARK_MASTER_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.SPARK_SHUFFLE_PARTITIONS;
import static org.opencdp.platform.config.CdpProperties.SPARK_SHUFFLE_PARTITIONS_DEFAULT;
import static org.opencdp.platform.config.CdpProperties.TOKENIZATION_KEY_ID;
import static org.opencdp.platform.config.CdpProperties.TOKENIZATION_SECRET_KEY;
import static org.opencdp.platform.config.CdpProperties.TOKENIZATION_SECRET_KEY_MIN_BYTES;
import static org.opencdp.platform.config.CdpProperties.VAULT_KEY_ID;
import static org.opencdp.platform.config.CdpProperties.VAULT_SECRET_KEY;
import static org.opencdp.platform.config.CdpProperties.VAULT_SECRET_KEY_BYTES;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opencdp.platform.config.ConfigValues.Value;

/**
 * The platform configuration, loaded once where the program starts and passed to everything else. Values
 * come from the defaults in {@link CdpProperties}, then the configuration file, then {@code CDP_*}
 * environment variables (highest precedence).
 */
public final class CdpConfig {
    public static final String DEFAULT_FILE_NAME = "cdp.properties";
    public static final Path TOKENIZATION_KEY_FILE = Path.of("secrets", "tokenization.key");
    public static final Path VAULT_KEY_FILE = Path.of("secrets", "vault.key");

    private final Optional<Path> configFile;
    private final ConfigValues values;
    private final Path home;
    private final String bindHost;
    private final CatalogType catalogType;
    private final CatalogSettings catalog;
    private final KafkaSettings kafka;
    private final FlinkSettings flink;
    private final SparkSettings spark;
    private final Optional<String> tokenizationKeyId;
    private final Optional<byte[]> tokenizationSecretKey;
    private final CollectorSettings collector;
    private final Optional<String> vaultKeyId;
    private final Optional<byte[]> vaultSecretKey;

    /** Catalog back ends the platform knows how to configure. */
    public enum CatalogType {
        SQLITE, POSTGRES, REST;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private CdpConfig(Optional<Path> configFile, ConfigValues values) {
        this.configFile = configFile;
        this.values = values;
        this.home = Path.of(values.string(HOME, HOME_DEFAULT)).toAbsolutePath().normalize();
        this.bindHost = values.string(BIND_HOST, BIND_HOST_DEFAULT).strip();
        if (bindHost.isEmpty()) {
            throw new InvalidConfigException("Invalid " + BIND_HOST + ": it is blank");
        }
        this.catalogType = catalogType(values);
        this.catalog = catalogSettings();
        this.kafka = new KafkaSettings(
                values.string(KAFKA_BOOTSTRAP_SERVERS, KAFKA_BOOTSTRAP_SERVERS_DEFAULT),
                bindHost,
                values.port(KAFKA_EMBEDDED_PORT, KAFKA_EMBEDDED_PORT_DEFAULT),
                values.port(KAFKA_EMBEDDED_CONTROLLER_PORT, KAFKA_EMBEDDED_CONTROLLER_PORT_DEFAULT),
                home.resolve("kafka"),
                values.integer(KAFKA_DEFAULT_PARTITIONS, KAFKA_DEFAULT_PARTITIONS_DEFAULT, 1, 10_000));
        this.flink = new FlinkSettings(
                values.integer(FLINK_PARALLELISM, FLINK_PARALLELISM_DEFAULT, 1, 10_000),
                bindHost,
                values.port(FLINK_REST_PORT, FLINK_REST_PORT_DEFAULT),
                values.duration(FLINK_CHECKPOINT_INTERVAL, FLINK_CHECKPOINT_INTERVAL_DEFAULT),
                values.optionalString(FLINK_CHECKPOINT_DIR).orElse(fileUri(home.resolve("flink").resolve("checkpoints"))));
        this.spark = new SparkSettings(
                values.string(SPARK_MASTER, SPARK_MASTER_DEFAULT).strip(),
                bindHost,
                values.port(SPARK_DRIVER_PORT, SPARK_DRIVER_PORT_DEFAULT),
                values.integer(SPARK_SHUFFLE_PARTITIONS, SPARK_SHUFFLE_PARTITIONS_DEFAULT, 1, 100_000));
        this.tokenizationKeyId = values.optionalString(TOKENIZATION_KEY_ID).map(String::strip);
        this.tokenizationSecretKey = values.base64(TOKENIZATION_SECRET_KEY, TOKENIZATION_SECRET_KEY_MIN_BYTES);
        if (tokenizationSecretKey.isEmpty() && catalogType != CatalogType.SQLITE) {
            throw new InvalidConfigException("Missing configuration " + TOKENIZATION_SECRET_KEY
                    + ": a key is generated only for the embedded sqlite catalog; with catalog.type="
                    + catalogType.configName() + " set " + CdpProperties.environmentVariable(TOKENIZATION_SECRET_KEY)
                    + " to a base64 key of at least " + TOKENIZATION_SECRET_KEY_MIN_BYTES + " bytes");
        }
        this.collector = new CollectorSettings(
                bindHost,
                values.port(COLLECTOR_PORT, COLLECTOR_PORT_DEFAULT),
                values.integer(COLLECTOR_MAX_BATCH_EVENTS, COLLECTOR_MAX_BATCH_EVENTS_DEFAULT, 1, 100_000),
                values.integer(COLLECTOR_MAX_REQUEST_BYTES, COLLECTOR_MAX_REQUEST_BYTES_DEFAULT, 1024, Integer.MAX_VALUE - 8),
                values.integer(COLLECTOR_MAX_DECOMPRESSED_BYTES, COLLECTOR_MAX_DECOMPRESSED_BYTES_DEFAULT, 1024, Integer.MAX_VALUE - 8),
                values.integer(COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND, COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND_DEFAULT, 1, 1_000_000),
                values.integer(COLLECTOR_RATE_LIMIT_BURST, COLLECTOR_RATE_LIMIT_BURST_DEFAULT, 1, 1_000_000),
                values.duration(COLLECTOR_ACK_TIMEOUT, COLLECTOR_ACK_TIMEOUT_DEFAULT));
        this.vaultKeyId = values.optionalString(VAULT_KEY_ID).map(String::strip);
        this.vaultSecretKey = values.base64(VAULT_SECRET_KEY, VAULT_SECRET_KEY_BYTES);
        if (vaultSecretKey.isPresent() && vaultSecretKey.get().length != VAULT_SECRET_KEY_BYTES) {
            throw new InvalidConfigException("Invalid " + VAULT_SECRET_KEY + ": an AES-256 key has exactly "
                    + VAULT_SECRET_KEY_BYTES + " bytes, this one has " + vaultSecretKey.get().length);
        }
    }

    /**
     * Loads the configuration: {@code configFile} when given (it must exist), else
     * {@code $home/cdp.properties} when present; then every {@code CDP_*} variable of {@code environment}
     * that names a key. Unknown keys in the file are an error; unrelated {@code CDP_*} variables (such as
     * {@code CDP_JAVA_OPTS} of the launcher script) are ignored.
     */
    public static CdpConfig load(Optional<Path> configFile, Map<String, String> environment) {
        requireNonNull(configFile, "configFile is null");
        requireNonNull(environment, "environment is null");

        Map<String, Value> fromEnvironment = new LinkedHashMap<>();
        new TreeMap<>(environment).forEach((variable, text) -> CdpProperties.keyOfEnvironmentVariable(variable)
                .ifPresent(key -> fromEnvironment.put(key, new Value(key, text, "environment variable " + variable))));

        Optional<Path> file = configFile.map(path -> path.toAbsolutePath().normalize());
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            throw new InvalidConfigException("Configuration file not found: " + file.get());
        }
        if (file.isEmpty()) {
            String homeText = Optional.ofNullable(fromEnvironment.get(HOME)).map(Value::text).orElse(HOME_DEFAULT);
            Path defaultFile = Path.of(homeText).toAbsolutePath().normalize().resolve(DEFAULT_FILE_NAME);
            if (Files.isRegularFile(defaultFile)) {
                file = Optional.of(defaultFile);
            }
        }

        Map<String, Value> merged = new LinkedHashMap<>();
        file.ifPresent(path -> merged.putAll(readFile(path)));
        merged.putAll(fromEnvironment);
        return new CdpConfig(file, new ConfigValues(merged));
    }

    /** A configuration from keys and values alone, e.g. {@code home -> /tmp/x}; for tests and embedding. */
    public static CdpConfig fromProperties(Map<String, String> properties) {
        requireNonNull(properties, "properties is null");
        Map<String, Value> values = new LinkedHashMap<>();
        new TreeMap<>(properties).forEach((key, text) -> {
            checkKnown(key, "the given properties");
            values.put(key, new Value(key, requireNonNull(text, "value of " + key + " is null"), "the given properties"));
        });
        return new CdpConfig(Optional.empty(), new ConfigValues(values));
    }

    /** The defaults, with everything kept under {@code home}. */
    public static CdpConfig forHome(Path home) {
        return fromProperties(Map.of(HOME, requireNonNull(home, "home is null").toAbsolutePath().toString()));
    }

    private static Map<String, Value> readFile(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration file " + path, e);
        }
        catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Malformed configuration file " + path + ": " + e.getMessage(), e);
        }
        Map<String, Value> values = new LinkedHashMap<>();
        new TreeSet<>(properties.stringPropertyNames()).forEach(key -> {
            checkKnown(key, "configuration file " + path);
            values.put(key, new Value(key, properties.getProperty(key), "configuration file " + path));
        });
        return values;
    }

    private static void checkKnown(String key, String origin) {
        if (!CdpProperties.isKnown(key)) {
            throw new InvalidConfigException("Unknown configuration key '" + key + "' in " + origin + "; known keys: "
                    + String.join(", ", CdpProperties.definitions().keySet()) + ", " + CATALOG_PROPERTY_PREFIX + "<name>");
        }
    }

    private static CatalogType catalogType(ConfigValues values) {
        Value value = values.value(CATALOG_TYPE).orElse(new Value(CATALOG_TYPE, CATALOG_TYPE_DEFAULT, "default"));
        try {
            return CatalogType.valueOf(value.text().strip().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw ConfigValues.invalid(value, "one of sqlite, postgres, rest");
        }
    }

    private CatalogSettings catalogSettings() {
        Map<String, String> properties = new LinkedHashMap<>();
        switch (catalogType) {
            case SQLITE -> {
                properties.put(CatalogSettings.CATALOG_IMPL, CatalogSettings.JDBC_CATALOG);
                properties.put("uri", values.optionalString(CATALOG_URI)
                        .orElse("jdbc:sqlite:" + home.resolve("catalog").resolve("iceberg.db")));
                properties.put("jdbc.schema-version", "V1");
                properties.put("warehouse", warehouse());
            }
            case POSTGRES -> {
                properties.put(CatalogSettings.CATALOG_IMPL, CatalogSettings.JDBC_CATALOG);
                properties.put("uri", values.requiredString(CATALOG_URI, "the JDBC URL of the PostgreSQL catalog database"));
                values.optionalString(CATALOG_USER).ifPresent(user -> properties.put("jdbc.user", user));
                values.optionalString(CATALOG_PASSWORD).ifPresent(password -> properties.put("jdbc.password", password));
                properties.put("jdbc.schema-version", "V1");
                properties.put("warehouse", warehouse());
            }
            case REST -> {
                properties.put(CatalogSettings.CATALOG_IMPL, CatalogSettings.REST_CATALOG);
                properties.put("uri", values.requiredString(CATALOG_URI, "the URI of the REST catalog"));
                values.optionalString(CATALOG_WAREHOUSE).ifPresent(warehouse -> properties.put("warehouse", warehouse));
            }
        }
        if (properties.getOrDefault("warehouse", "").startsWith("file:")) {
            // Hadoop's local file system forks a chmod process for every file it creates
            properties.put(CatalogSettings.IO_IMPL, CatalogSettings.LOCAL_FILE_IO);
        }
        values.all().forEach((key, value) -> {
            if (key.startsWith(CATALOG_PROPERTY_PREFIX)) {
                properties.put(key.substring(CATALOG_PROPERTY_PREFIX.length()), value.text());
            }
        });
        return new CatalogSettings(values.string(CATALOG_NAME, CATALOG_NAME_DEFAULT).strip(), properties);
    }

    private String warehouse() {
        return values.optionalString(CATALOG_WAREHOUSE).map(String::strip).orElse(fileUri(home.resolve("warehouse")));
    }

    /** {@code file:/abs/path}: engines (Trino in particular) need a scheme on every location. */
    private static String fileUri(Path path) {
        return "file:" + path.toAbsolutePath().normalize();
    }

    public Optional<Path> configFile() {
        return configFile;
    }

    /** Absolute working directory. */
    public Path home() {
        return home;
    }

    public String bindHost() {
        return bindHost;
    }

    public CatalogType catalogType() {
        return catalogType;
    }

    public CatalogSettings catalog() {
        return catalog;
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    public FlinkSettings flink() {
        return flink;
    }

    public SparkSettings spark() {
        return spark;
    }

    /** The job-control server's settings; read on demand so that commands without a server never fail on them. */
    public ServerSettings server() {
        return ServerSettings.from(values, home, bindHost, catalogType, catalog);
    }

    /** The local stack's and the Trino server's settings; read on demand like {@link #server()}. */
    public StackSettings stack() {
        return StackSettings.from(values, home, bindHost);
    }

    /** Where the generated tokenization key of the embedded mode lives. */
    public Path tokenizationKeyFile() {
        return home.resolve(TOKENIZATION_KEY_FILE);
    }

    /**
     * The tokenization key: the configured one, or (embedded sqlite mode without a configured key) the key in
     * {@link #tokenizationKeyFile()}, generated on the first call and reused afterwards.
     */
    public TokenizationSettings tokenization() {
        byte[] key = tokenizationSecretKey
                .map(byte[]::clone)
                .orElseGet(() -> new SecretKeyFile(tokenizationKeyFile()).readOrCreate());
        return new TokenizationSettings(tokenizationKeyId.orElseGet(() -> TokenizationSettings.fingerprint(key)), key);
    }

    /** Settings of the HTTP event collector. */
    public CollectorSettings collector() {
        return collector;
    }

    /** Where the generated contact vault key of the embedded mode lives. */
    public Path vaultKeyFile() {
        return home.resolve(VAULT_KEY_FILE);
    }

    /**
     * The contact vault key: the configured one, or (embedded sqlite mode without a configured key) the key in
     * {@link #vaultKeyFile()}, generated on first use like the tokenization key.
     */
    public VaultSettings vault() {
        byte[] key = vaultSecretKey.map(byte[]::clone).orElseGet(() -> {
            if (catalogType != CatalogType.SQLITE) {
                throw new InvalidConfigException("Missing configuration " + VAULT_SECRET_KEY
                        + ": a key is generated only for the embedded sqlite catalog; with catalog.type="
                        + catalogType.configName() + " set " + CdpProperties.environmentVariable(VAULT_SECRET_KEY)
                        + " to a base64 key of " + VAULT_SECRET_KEY_BYTES + " bytes");
            }
            return new SecretKeyFile(vaultKeyFile()).readOrCreate();
        });
        return new VaultSettings(vaultKeyId.orElseGet(() -> VaultSettings.fingerprint(key)), key,
                home.resolve("vault").resolve("contacts.db"));
    }

    /** A printable summary of the effective configuration; secrets are masked, never printed. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("configuration file: ").append(configFile.map(Path::toString).orElse("(none)")).append('\n');
        out.append("settings (value, then where it came from):\n");
        CdpProperties.definitions().values().forEach(definition -> {
            Optional<Value> value = values.value(definition.key());
            String shown;
            if (value.isEmpty()) {
                shown = effectiveDefault(definition.key()) + "  [default]";
            }
            else {
                shown = (definition.secret() ? ConfigValues.MASK : value.get().text()) + "  [" + value.get().origin() + "]";
            }
            out.append(String.format(Locale.ROOT, "  %-32s %s%n", definition.key(), shown));
        });
        out.append("catalog '").append(catalog.name()).append("' properties:\n");
        catalog.maskedProperties().forEach((key, value) ->
                out.append(String.format(Locale.ROOT, "  %-32s %s%n", key, value)));
        out.append("kafka: ").append(kafka.embedded()
                ? "embedded broker on " + kafka.effectiveBootstrapServers() + ", log in " + kafka.embeddedLogDirectory()
                : "bootstrap servers " + kafka.bootstrapServers()).append('\n');
        return out.toString();
    }

    private String effectiveDefault(String key) {
        return switch (key) {
            case HOME -> home.toString();
            case CATALOG_URI -> Optional.ofNullable(catalog.properties().get("uri")).orElse("(none)");
            case CATALOG_WAREHOUSE -> Optional.ofNullable(catalog.properties().get("warehouse")).orElse("(none)");
            case FLINK_CHECKPOINT_DIR -> flink.checkpointDirectory();
            case KAFKA_BOOTSTRAP_SERVERS -> "(empty: embedded broker)";
            case CATALOG_USER, CATALOG_PASSWORD -> "(none)";
            case TOKENIZATION_KEY_ID, VAULT_KEY_ID -> "(fingerprint of the key)";
            case VAULT_SECRET_KEY -> catalogType == CatalogType.SQLITE
                    ? "(generated on first use into " + vaultKeyFile() + ")"
                    : "(none)";
            case TOKENIZATION_SECRET_KEY -> catalogType == CatalogType.SQLITE
                    ? "(generated on first use into " + tokenizationKeyFile() + ")"
                    : "(none)";
            default -> CdpProperties.definitions().get(key).defaultValue();
        };
    }

    @Override
    public String toString() {
        return "CdpConfig[home=" + home + ", catalog=" + catalog + "]";
    }
}
