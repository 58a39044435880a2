package org.opencdp.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdpConfigTest {
    private static final String SECRET_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path home;

    @Test
    void defaultsDescribeTheEmbeddedModeUnderHome() {
        CdpConfig config = CdpConfig.load(Optional.empty(), Map.of("CDP_HOME", home.toString()));

        assertThat(config.home()).isEqualTo(home.toAbsolutePath());
        assertThat(config.configFile()).isEmpty();
        assertThat(config.bindHost()).isEqualTo("127.0.0.1");
        assertThat(config.catalogType()).isEqualTo(CdpConfig.CatalogType.SQLITE);
        assertThat(config.catalog().name()).isEqualTo("cdp");
        assertThat(config.catalog().properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog",
                "uri", "jdbc:sqlite:" + home.toAbsolutePath() + "/catalog/iceberg.db",
                "warehouse", "file:" + home.toAbsolutePath() + "/warehouse",
                "jdbc.schema-version", "V1",
                "io-impl", "org.opencdp.platform.catalog.LocalFileIO"));

        assertThat(config.kafka().embedded()).isTrue();
        assertThat(config.kafka().effectiveBootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(config.kafka().embeddedControllerPort()).isEqualTo(19093);
        assertThat(config.kafka().defaultPartitions()).isEqualTo(2);
        assertThat(config.kafka().embeddedLogDirectory()).isEqualTo(home.toAbsolutePath().resolve("kafka"));

        assertThat(config.flink()).isEqualTo(new FlinkSettings(
                2, "127.0.0.1", 0, Duration.ofSeconds(10), "file:" + home.toAbsolutePath() + "/flink/checkpoints"));
        assertThat(config.spark()).isEqualTo(new SparkSettings("local[2]", "127.0.0.1", 0, 4));
    }

    @Test
    void environmentOverridesTheFileWhichOverridesTheDefaults() throws IOException {
        Path file = home.resolve("custom.properties");
        Files.writeString(file, """
                catalog.name=lake
                flink.parallelism=3
                spark.master=local[1]
                flink.checkpoint-interval=2m
                catalog.property.io-impl=org.example.FileIO
                """);

        CdpConfig config = CdpConfig.load(Optional.of(file), Map.of(
                "CDP_HOME", home.toString(),
                "CDP_FLINK_PARALLELISM", "4",
                "CDP_CATALOG_PROPERTY_CACHE__EXPIRATION__INTERVAL__MS", "0",
                "CDP_JAVA_OPTS", "-Xmx1g",
                "PATH", "/usr/bin"));

        assertThat(config.configFile()).contains(file.toAbsolutePath());
        assertThat(config.catalog().name()).isEqualTo("lake");
        assertThat(config.flink().parallelism()).isEqualTo(4);
        assertThat(config.flink().checkpointInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.spark().master()).isEqualTo("local[1]");
        assertThat(config.catalog().properties())
                .containsEntry("io-impl", "org.example.FileIO")
                .containsEntry("cache-expiration-interval-ms", "0");
    }

    @Test
    void theFileInHomeIsReadWhenNoFileIsGiven() throws IOException {
        Files.writeString(home.resolve("cdp.properties"), "kafka.bootstrap-servers=broker-1:9092,broker-2:9092\n");

        CdpConfig config = CdpConfig.load(Optional.empty(), Map.of("CDP_HOME", home.toString()));

        assertThat(config.configFile()).contains(home.toAbsolutePath().resolve("cdp.properties"));
        assertThat(config.kafka().embedded()).isFalse();
        assertThat(config.kafka().effectiveBootstrapServers()).isEqualTo("broker-1:9092,broker-2:9092");
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheKeyAndTheFile() throws IOException {
        Path file = home.resolve("cdp.properties");
        Files.writeString(file, "catalog.tpye=postgres\n");

        assertThatThrownBy(() -> CdpConfig.load(Optional.of(file), Map.of("CDP_HOME", home.toString())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Unknown configuration key 'catalog.tpye'")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("catalog.type");
    }

    @Test
    void aMalformedValueIsAnErrorNamingTheKeyAndItsOrigin() {
        assertThatThrownBy(() -> CdpConfig.load(Optional.empty(), Map.of(
                        "CDP_HOME", home.toString(), "CDP_FLINK_REST_PORT", "eighty")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("flink.rest-port")
                .hasMessageContaining("'eighty'")
                .hasMessageContaining("environment variable CDP_FLINK_REST_PORT");
        assertThatThrownBy(() -> CdpConfig.load(Optional.empty(), Map.of(
                        "CDP_HOME", home.toString(), "CDP_CATALOG_TYPE", "hive")))
                .hasMessageContaining("catalog.type")
                .hasMessageContaining("sqlite, postgres, rest");
    }

    @Test
    void aMissingConfigFileIsAnError() {
        Path missing = home.resolve("nope.properties");
        assertThatThrownBy(() -> CdpConfig.load(Optional.of(missing), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void postgresCatalogUsesTheGivenDatabaseAndNeedsAConfiguredTokenizationKey() {
        Map<String, String> environment = Map.of(
                "CDP_HOME", home.toString(),
                "CDP_CATALOG_TYPE", "postgres",
                "CDP_CATALOG_URI", "jdbc:postgresql://127.0.0.1:5432/cdp",
                "CDP_CATALOG_USER", "cdp",
                "CDP_CATALOG_PASSWORD", "pg-secret-value");
        assertThatThrownBy(() -> CdpConfig.load(Optional.empty(), environment))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("CDP_TOKENIZATION_SECRET_KEY");

        Map<String, String> withKey = new java.util.HashMap<>(environment);
        withKey.put("CDP_TOKENIZATION_SECRET_KEY", SECRET_KEY);
        CdpConfig config = CdpConfig.load(Optional.empty(), withKey);

        assertThat(config.catalog().properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog",
                "uri", "jdbc:postgresql://127.0.0.1:5432/cdp",
                "jdbc.user", "cdp",
                "jdbc.password", "pg-secret-value",
                "jdbc.schema-version", "V1",
                "warehouse", "file:" + home.toAbsolutePath() + "/warehouse",
                "io-impl", "org.opencdp.platform.catalog.LocalFileIO"));
        assertThat(config.catalog().toString()).doesNotContain("pg-secret-value");
    }

    @Test
    void restCatalogNeedsItsUri() {
        assertThatThrownBy(() -> CdpConfig.fromProperties(Map.of(
                        "home", home.toString(), "catalog.type", "rest", "tokenization.secret-key", SECRET_KEY)))
                .hasMessageContaining("catalog.uri")
                .hasMessageContaining("CDP_CATALOG_URI");

        CdpConfig config = CdpConfig.fromProperties(Map.of(
                "home", home.toString(),
                "catalog.type", "rest",
                "catalog.uri", "http://127.0.0.1:8181",
                "tokenization.secret-key", SECRET_KEY));
        assertThat(config.catalog().properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "catalog-impl", "org.apache.iceberg.rest.RESTCatalog",
                "uri", "http://127.0.0.1:8181"));
    }

    @Test
    void describeShowsEveryKeyButMasksSecrets() {
        CdpConfig config = CdpConfig.load(Optional.empty(), Map.of(
                "CDP_HOME", home.toString(),
                "CDP_CATALOG_PASSWORD", "pg-secret-value",
                "CDP_CATALOG_PROPERTY_S3_SECRET__ACCESS__KEY", "s3-secret-value",
                "CDP_TOKENIZATION_SECRET_KEY", SECRET_KEY));

        String description = config.describe();

        assertThat(description)
                .contains("catalog.type", "sqlite", "flink.parallelism", "tokenization.secret-key", "****")
                .contains("environment variable CDP_CATALOG_PASSWORD")
                .contains("s3.secret-access-key")
                .doesNotContain("pg-secret-value", "s3-secret-value", SECRET_KEY);
        assertThat(config.tokenization().toString()).doesNotContain(SECRET_KEY);
    }

    @Test
    void aConfiguredTokenizationKeyIsUsedAsGiven() {
        CdpConfig config = CdpConfig.load(Optional.empty(), Map.of(
                "CDP_HOME", home.toString(),
                "CDP_TOKENIZATION_SECRET_KEY", SECRET_KEY,
                "CDP_TOKENIZATION_KEY_ID", "k2026"));

        TokenizationSettings tokenization = config.tokenization();

        assertThat(tokenization.keyId()).isEqualTo("k2026");
        assertThat(tokenization.secretKey()).isEqualTo(Base64.getDecoder().decode(SECRET_KEY));
        assertThat(config.tokenizationKeyFile()).doesNotExist();
    }

    @Test
    void aShortTokenizationKeyIsRejectedWithoutPrintingIt() {
        String shortKey = Base64.getEncoder().encodeToString("too-short".getBytes());
        assertThatThrownBy(() -> CdpConfig.load(Optional.empty(), Map.of(
                        "CDP_HOME", home.toString(), "CDP_TOKENIZATION_SECRET_KEY", shortKey)))
                .hasMessageContaining("tokenization.secret-key")
                .hasMessageContaining("at least 32")
                .hasMessageNotContaining(shortKey);
    }

    @Test
    void theEmbeddedModeGeneratesAKeyOnFirstUseOwnerReadableOnlyAndReusesIt() throws IOException {
        CdpConfig config = CdpConfig.forHome(home);
        Path keyFile = home.toAbsolutePath().resolve("secrets/tokenization.key");
        assertThat(keyFile).doesNotExist();
        assertThat(config.describe()).contains("generated on first use");
        assertThat(keyFile).as("describing the configuration creates no secret").doesNotExist();

        TokenizationSettings first = config.tokenization();

        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(first.secretKey()).hasSize(32);
        assertThat(first.keyId()).matches("hmac-[0-9a-f]{12}");

        TokenizationSettings again = CdpConfig.forHome(home).tokenization();
        assertThat(again).isEqualTo(first);
        assertThat(again.secretKey()).isEqualTo(first.secretKey());
        assertThat(CdpConfig.forHome(home.resolve("other")).tokenization().keyId())
                .as("another installation gets its own key")
                .isNotEqualTo(first.keyId());
    }

    @Test
    void collectorAndVaultSettingsHaveDefaultsAndOverrides() {
        CdpConfig defaults = CdpConfig.forHome(home);
        assertThat(defaults.collector()).isEqualTo(CollectorSettings.defaults("127.0.0.1", 8088));

        CdpConfig tuned = CdpConfig.load(Optional.empty(), Map.of(
                "CDP_HOME", home.toString(),
                "CDP_COLLECTOR_PORT", "0",
                "CDP_COLLECTOR_MAX_BATCH_EVENTS", "50",
                "CDP_COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND", "5",
                "CDP_COLLECTOR_ACK_TIMEOUT", "3s"));
        assertThat(tuned.collector().port()).isZero();
        assertThat(tuned.collector().maxBatchEvents()).isEqualTo(50);
        assertThat(tuned.collector().rateLimitPerSecond()).isEqualTo(5);
        assertThat(tuned.collector().ackTimeout()).isEqualTo(Duration.ofSeconds(3));

        VaultSettings vault = defaults.vault();
        assertThat(home.toAbsolutePath().resolve("secrets/vault.key")).exists();
        assertThat(vault.keyId()).matches("aes-[0-9a-f]{12}");
        assertThat(vault.secretKey()).hasSize(32).isNotEqualTo(defaults.tokenization().secretKey());
        assertThat(CdpConfig.forHome(home).vault()).isEqualTo(vault);
        assertThat(vault.toString()).doesNotContain(Base64.getEncoder().encodeToString(vault.secretKey()));

        assertThatThrownBy(() -> CdpConfig.fromProperties(Map.of("home", home.toString(),
                "vault.secret-key", Base64.getEncoder().encodeToString(new byte[48]))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("exactly 32 bytes");
    }

    @Test
    void everyKeyHasItsOwnEnvironmentVariable() {
        assertThat(CdpProperties.environmentVariable("catalog.type")).isEqualTo("CDP_CATALOG_TYPE");
        assertThat(CdpProperties.environmentVariable("kafka.embedded.controller-port")).isEqualTo("CDP_KAFKA_EMBEDDED_CONTROLLER_PORT");
        assertThat(CdpProperties.keyOfEnvironmentVariable("CDP_HOME")).contains("home");
        assertThat(CdpProperties.keyOfEnvironmentVariable("CDP_JAVA_OPTS")).isEmpty();
        CdpProperties.definitions().keySet().forEach(key ->
                assertThat(CdpProperties.keyOfEnvironmentVariable(CdpProperties.environmentVariable(key))).contains(key));
    }
}
