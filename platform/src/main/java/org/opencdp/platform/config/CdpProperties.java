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
    public static final int FLINK_REST_PORT_DEFAULT = 0;

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

    public static final String COLLECTOR_PORT = "collector.port";
    public static final int COLLECTOR_PORT_DEFAULT = 8088;

    public static final String COLLECTOR_MAX_BATCH_EVENTS = "collector.max-batch-events";
    public static final int COLLECTOR_MAX_BATCH_EVENTS_DEFAULT = 500;

    public static final String COLLECTOR_MAX_REQUEST_BYTES = "collector.max-request-bytes";
    public static final int COLLECTOR_MAX_REQUEST_BYTES_DEFAULT = 1024 * 1024;

    public static final String COLLECTOR_MAX_DECOMPRESSED_BYTES = "collector.max-decompressed-bytes";
    public static final int COLLECTOR_MAX_DECOMPRESSED_BYTES_DEFAULT = 4 * 1024 * 1024;

    public static final String COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND = "collector.rate-limit.requests-per-second";
    public static final int COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND_DEFAULT = 50;

    public static final String COLLECTOR_RATE_LIMIT_BURST = "collector.rate-limit.burst";
    public static final int COLLECTOR_RATE_LIMIT_BURST_DEFAULT = 100;

    public static final String COLLECTOR_ACK_TIMEOUT = "collector.ack-timeout";
    public static final String COLLECTOR_ACK_TIMEOUT_DEFAULT = "10s";

    public static final String VAULT_KEY_ID = "vault.key-id";
    public static final String VAULT_SECRET_KEY = "vault.secret-key";
    /** AES-256. */
    public static final int VAULT_SECRET_KEY_BYTES = 32;

    public static final String SERVER_PORT = "server.port";
    public static final int SERVER_PORT_DEFAULT = 8090;

    public static final String SERVER_TOKEN = "server.token";
    /** Shortest accepted engineer token: 128 bits of base64 text. */
    public static final int SERVER_TOKEN_MIN_LENGTH = 22;

    public static final String JOBS_STORE_URI = "jobs.store-uri";
    public static final String JOBS_STORE_USER = "jobs.store-user";
    public static final String JOBS_STORE_PASSWORD = "jobs.store-password";

    public static final String STACK_POSTGRES_BIN_DIR = "stack.postgres-bin-dir";
    public static final String STACK_POSTGRES_PORT = "stack.postgres-port";
    public static final int STACK_POSTGRES_PORT_DEFAULT = 15432;

    public static final String TRINO_PORT = "trino.port";
    public static final int TRINO_PORT_DEFAULT = 8443;
    public static final String TRINO_JAVA_HOME = "trino.java-home";
    public static final String TRINO_SERVER_DIR = "trino.server-dir";
    public static final String TRINO_MAX_HEAP = "trino.max-heap";
    public static final String TRINO_MAX_HEAP_DEFAULT = "2G";
    public static final String TRINO_ANALYSTS = "trino.analysts";
    public static final String TRINO_ANALYSTS_DEFAULT = "analyst";
    public static final String TRINO_ENGINEERS = "trino.engineers";
    public static final String TRINO_ENGINEERS_DEFAULT = "engineer";

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
                    "Port of the Flink REST endpoint and web UI (0 picks a free port, so several embedded jobs can run at once)."),
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
                    "Base64 HMAC key of at least 32 bytes (secret: file or environment only)."),
            new Definition(COLLECTOR_PORT, String.valueOf(COLLECTOR_PORT_DEFAULT), false,
                    "Port of the HTTP event collector (cdp collector), bound to bind-host; 0 picks a free port."),
            new Definition(COLLECTOR_MAX_BATCH_EVENTS, String.valueOf(COLLECTOR_MAX_BATCH_EVENTS_DEFAULT), false,
                    "Most events one collector request may carry; more is answered 413."),
            new Definition(COLLECTOR_MAX_REQUEST_BYTES, String.valueOf(COLLECTOR_MAX_REQUEST_BYTES_DEFAULT), false,
                    "Largest collector request body as sent (compressed or not), in bytes; more is answered 413."),
            new Definition(COLLECTOR_MAX_DECOMPRESSED_BYTES, String.valueOf(COLLECTOR_MAX_DECOMPRESSED_BYTES_DEFAULT), false,
                    "Largest collector request body after gzip decompression, in bytes; more is answered 413."),
            new Definition(COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND, String.valueOf(COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND_DEFAULT), false,
                    "Sustained collector requests per second allowed per write key; more is answered 429."),
            new Definition(COLLECTOR_RATE_LIMIT_BURST, String.valueOf(COLLECTOR_RATE_LIMIT_BURST_DEFAULT), false,
                    "Collector requests a write key may send at once above the sustained rate (token bucket size)."),
            new Definition(COLLECTOR_ACK_TIMEOUT, COLLECTOR_ACK_TIMEOUT_DEFAULT, false,
                    "How long the collector waits for Kafka to acknowledge a batch before answering 503."),
            new Definition(VAULT_KEY_ID, "derived from the key: aes-<first 12 hex digits of its SHA-256>", false,
                    "Id stored beside every contact encrypted into the contact vault."),
            new Definition(VAULT_SECRET_KEY, "(generated into <home>/secrets/vault.key with the sqlite catalog)", true,
                    "Base64 AES-256 key (32 bytes) of the contact vault (secret: file or environment only)."),
            new Definition(SERVER_PORT, String.valueOf(SERVER_PORT_DEFAULT), false,
                    "Port of the job-control REST API (cdp server), bound to bind-host; 0 picks a free port."),
            new Definition(SERVER_TOKEN, "(generated into <home>/secrets/server.token with the sqlite catalog)", true,
                    "Bearer token of data engineers and Airflow on the job-control API, at least 22 characters (secret: file or environment only)."),
            new Definition(JOBS_STORE_URI, "jdbc:sqlite:<home>/jobs/jobs.db for sqlite; the catalog database for postgres", false,
                    "JDBC URL of the database that keeps the job-control API's jobs (SQLite or PostgreSQL)."),
            new Definition(JOBS_STORE_USER, "catalog.user when the job store is the catalog database", false,
                    "Database user of a PostgreSQL job store."),
            new Definition(JOBS_STORE_PASSWORD, "catalog.password when the job store is the catalog database", true,
                    "Database password of a PostgreSQL job store (secret: file or environment only)."),
            new Definition(STACK_POSTGRES_BIN_DIR, "/usr/lib/postgresql/15/bin when present, else pg_ctl on PATH", false,
                    "Directory of the PostgreSQL binaries (initdb, pg_ctl) the local stack runs."),
            new Definition(STACK_POSTGRES_PORT, String.valueOf(STACK_POSTGRES_PORT_DEFAULT), false,
                    "Port of the local stack's PostgreSQL (Iceberg catalog and operational tables), bound to bind-host."),
            new Definition(TRINO_PORT, String.valueOf(TRINO_PORT_DEFAULT), false,
                    "HTTPS port of the Trino server started by cdp stack up, bound to bind-host."),
            new Definition(TRINO_JAVA_HOME, "searched: JAVA_HOME, then the JDKs under /usr/lib/jvm, /usr/java, /opt/java", false,
                    "JDK 22 or newer that runs Trino (the platform itself runs on Java 17)."),
            new Definition(TRINO_SERVER_DIR, "the distribution unpacked by the build: infra/trino/target/trino-server-476", false,
                    "Trino server directory (lib/ and plugin/ with the iceberg plugin)."),
            new Definition(TRINO_MAX_HEAP, TRINO_MAX_HEAP_DEFAULT, false,
                    "Maximum heap of the Trino server, e.g. 2G or 1536M."),
            new Definition(TRINO_ANALYSTS, TRINO_ANALYSTS_DEFAULT, false,
                    "Comma-separated Trino users with the analyst role: identifier tokens masked, contact data denied, read only."),
            new Definition(TRINO_ENGINEERS, TRINO_ENGINEERS_DEFAULT, false,
                    "Comma-separated Trino users with the engineer role: tokens visible, contact data denied."));

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
