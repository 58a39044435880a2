package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key of the platform with its default and its meaning, in one place. A key is set in
 * the configuration file ({@code $CDP_HOME/cdp.properties} by default) or overridden by an environment
 * variable named {@code CDP_} followed by the key upper-cased with {@code .} and {@code -} replaced by
 * {@code _} (for example {@code CDP_CATALOG_TYPE} for {@code catalog.type}).
 */
public final class CdpProperties {
    public static final String ENVIRONMENT_PREFIX = "CDP_";

    public static final String HOME = "home";
    public static final String HOME_DEFAULT = ".cdp";

    public static final String BIND_HOST = "bind-host";
    public static final String BIND_HOST_DEFAULT = "127.0.0.1";

    public static final String CATALOG_NAME = "catalog.name";
    public static final String CATALOG_NAME_DEFAULT = "cdp";

    public static final String CATALOG_TYPE = "catalog.type";
    public static final String CATALOG_TYPE_DEFAULT = "sqlite";

    public static final String CATALOG_URI = "catalog.uri";
    public static final String CATALOG_USER = "catalog.user";
    public static final String CATALOG_PASSWORD = "catalog.password";
    public static final String CATALOG_WAREHOUSE = "catalog.warehouse";

    /** Prefix of Iceberg catalog properties passed through unchanged: {@code catalog.property.io-impl=...}. */
    public static final String CATALOG_PROPERTY_PREFIX = "catalog.property.";

    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap-servers";
    public static final String KAFKA_BOOTSTRAP_SERVERS_DEFAULT = "";

    public static final String KAFKA_EMBEDDED_PORT = "kafka.embedded.port";
    public static final int KAFKA_EMBEDDED_PORT_DEFAULT = 19092;

    public static final String KAFKA_EMBEDDED_CONTROLLER_PORT = "kafka.embedded.controller-port";
    public static final int KAFKA_EMBEDDED_CONTROLLER_PORT_DEFAULT = 19093;

    public static final String KAFKA_DEFAULT_PARTITIONS = "kafka.default-partitions";
    public static final int KAFKA_DEFAULT_PARTITIONS_DEFAULT = 2;

    public static final String FLINK_PARALLELISM = "flink.parallelism";
    public static final int FLINK_PARALLELISM_DEFAULT = 2;

    public static final String FLINK_REST_PORT = "flink.rest-port";
    public static final int FLINK_REST_PORT_DEFAULT = 8081;

    public static final String FLINK_CHECKPOINT_INTERVAL = "flink.checkpoint-interval";
    public static final String FLINK_CHECKPOINT_INTERVAL_DEFAULT = "10s";

    public static final String FLINK_CHECKPOINT_DIR = "flink.checkpoint-dir";

    public static final String SPARK_MASTER = "spark.master";
    public static final String SPARK_MASTER_DEFAULT = "local[2]";

    public static final String SPARK_DRIVER_PORT = "spark.driver-port";
    public static final int SPARK_DRIVER_PORT_DEFAULT = 0;

    public static final String SPARK_SHUFFLE_PARTITIONS = "spark.shuffle-partitions";
    public static final int SPARK_SHUFFLE_PARTITIONS_DEFAULT = 4;

    public static final String TOKENIZATION_KEY_ID = "tokenization.key-id";
    public static final String TOKENIZATION_SECRET_KEY = "tokenization.secret-key";
    /** Shortest accepted HMAC key: 256 bits, the output size of HMAC-SHA256. */
    public static final int TOKENIZATION_SECRET_KEY_MIN_BYTES = 32;

    /** What each key means; the default shown is the value used when the key is not set. */
    static final Map<String, Definition> DEFINITIONS = definitions(
            new Definition(HOME, HOME_DEFAULT, false,
                    "Working directory: embedded catalog, warehouse, Kafka logs, checkpoints and secrets (relative paths resolve against the current directory)."),
            new Definition(BIND_HOST, BIND_HOST_DEFAULT, false,
                    "Address every embedded server binds to."),
            new Definition(CATALOG_NAME, CATALOG_NAME_DEFAULT, false,
                    "Iceberg catalog name; must be the same in every engine (Flink, Spark, Trino)."),
            new Definition(CATALOG_TYPE, CATALOG_TYPE_DEFAULT, false,
                    "sqlite (JdbcCatalog on a file under home), postgres (JdbcCatalog on PostgreSQL) or rest (REST catalog)."),
            new Definition(CATALOG_URI, "jdbc:sqlite:<home>/catalog/iceberg.db for sqlite; required otherwise", false,
                    "JDBC URL of the catalog database (sqlite, postgres) or URI of the REST catalog."),
            new Definition(CATALOG_USER, "", false,
                    "Database user of a postgres catalog."),
            new Definition(CATALOG_PASSWORD, "", true,
                    "Database password of a postgres catalog (secret: file or environment only)."),
            new Definition(CATALOG_WAREHOUSE, "file:<home>/warehouse for sqlite and postgres; none for rest", false,
                    "Root location of table data, with its scheme (file:, s3:, hdfs:)."),
            new Definition(KAFKA_BOOTSTRAP_SERVERS, "(empty: embedded broker)", false,
                    "Kafka bootstrap servers; empty runs an in-process broker."),
            new Definition(KAFKA_EMBEDDED_PORT, String.valueOf(KAFKA_EMBEDDED_PORT_DEFAULT), false,
                    "Listener port of the embedded broker."),
            new Definition(KAFKA_EMBEDDED_CONTROLLER_PORT, String.valueOf(KAFKA_EMBEDDED_CONTROLLER_PORT_DEFAULT), false,
                    "KRaft controller port of the embedded broker."),
            new Definition(KAFKA_DEFAULT_PARTITIONS, String.valueOf(KAFKA_DEFAULT_PARTITIONS_DEFAULT), false,
                    "Partitions of topics the platform creates."),
            new Definition(FLINK_PARALLELISM, String.valueOf(FLINK_PARALLELISM_DEFAULT), false,
                    "Default parallelism of Flink jobs."),
            new Definition(FLINK_REST_PORT, String.valueOf(FLINK_REST_PORT_DEFAULT), false,
                    "Port of the Flink REST endpoint and web UI (0 picks a free port)."),
            new Definition(FLINK_CHECKPOINT_INTERVAL, FLINK_CHECKPOINT_INTERVAL_DEFAULT, false,
                    "Checkpoint interval, e.g. 500ms, 10s, 1m or PT10S; Iceberg commits happen on checkpoints."),
            new Definition(FLINK_CHECKPOINT_DIR, "file:<home>/flink/checkpoints", false,
                    "Checkpoint storage location, with its scheme."),
            new Definition(SPARK_MASTER, SPARK_MASTER_DEFAULT, false,
                    "Spark master URL."),
            new Definition(SPARK_DRIVER_PORT, String.valueOf(SPARK_DRIVER_PORT_DEFAULT), false,
                    "Spark driver port (0 picks a free port)."),
            new Definition(SPARK_SHUFFLE_PARTITIONS, String.valueOf(SPARK_SHUFFLE_PARTITIONS_DEFAULT), false,
                    "spark.sql.shuffle.partitions of Spark jobs."),
            new Definition(TOKENIZATION_KEY_ID, "derived from the key: hmac-<first 12 hex digits of its SHA-256>", false,
                    "Id recorded beside every token, so tokens made with an older key can be recognised."),
            new Definition(TOKENIZATION_SECRET_KEY, "(generated into <home>/secrets/tokenization.key with the sqlite catalog)", true,
                    "Base64 HMAC key of at least 32 bytes (secret: file or environment only)."));

    private CdpProperties() {}

    /** Environment variable that overrides {@code key}, e.g. {@code CDP_CATALOG_TYPE}. */
    public static String environmentVariable(String key) {
        requireNonNull(key, "key is null");
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The configuration key an environment variable sets, if any. Passthrough catalog properties use
     * {@code CDP_CATALOG_PROPERTY_<NAME>} where {@code __} stands for {@code -} and {@code _} for {@code .}:
     * {@code CDP_CATALOG_PROPERTY_S3_PATH__STYLE__ACCESS} sets {@code catalog.property.s3.path-style-access}.
     */
    public static Optional<String> keyOfEnvironmentVariable(String variable) {
        requireNonNull(variable, "variable is null");
        for (String key : DEFINITIONS.keySet()) {
            if (environmentVariable(key).equals(variable)) {
                return Optional.of(key);
            }
        }
        String passthroughPrefix = environmentVariable(CATALOG_PROPERTY_PREFIX);
        if (variable.startsWith(passthroughPrefix) && variable.length() > passthroughPrefix.length()) {
            String name = variable.substring(passthroughPrefix.length())
                    .toLowerCase(Locale.ROOT)
                    .replace("__", "-")
                    .replace('_', '.');
            return Optional.of(CATALOG_PROPERTY_PREFIX + name);
        }
        return Optional.empty();
    }

    static boolean isKnown(String key) {
        return DEFINITIONS.containsKey(key)
                || (key.startsWith(CATALOG_PROPERTY_PREFIX) && key.length() > CATALOG_PROPERTY_PREFIX.length());
    }

    static boolean isSecret(String key) {
        Definition definition = DEFINITIONS.get(key);
        if (definition != null) {
            return definition.secret();
        }
        return looksSecret(key);
    }

    /** Catalog passthrough properties are opaque: mask the ones whose name says they hold a credential. */
    static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("password")
                || lower.contains("secret")
                || lower.contains("token")
                || lower.contains("credential")
                || lower.contains("access-key")
                || lower.contains("session-key");
    }

    /** Documentation of every key, in a stable order. */
    public static Map<String, Definition> definitions() {
        return DEFINITIONS;
    }

    private static Map<String, Definition> definitions(Definition... definitions) {
        Map<String, Definition> byKey = new LinkedHashMap<>();
        Map<String, String> byVariable = new LinkedHashMap<>();
        for (Definition definition : definitions) {
            if (byKey.put(definition.key(), definition) != null) {
                throw new IllegalStateException("Duplicate configuration key: " + definition.key());
            }
            String previous = byVariable.put(environmentVariable(definition.key()), definition.key());
            if (previous != null) {
                throw new IllegalStateException("Keys " + previous + " and " + definition.key() + " share an environment variable");
            }
        }
        return Collections.unmodifiableMap(byKey);
    }

    /** One configuration key: its default as shown to users, whether it is a secret, and what it does. */
    public record Definition(String key, String defaultValue, boolean secret, String description) {
        public Definition {
            requireNonNull(key, "key is null");
            requireNonNull(defaultValue, "defaultValue is null");
            requireNonNull(description, "description is null");
        }
    }
}
