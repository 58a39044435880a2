package org.opencdp.ingestion.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.ingestion.edge.ClearContact;
import org.opencdp.platform.config.VaultSettings;
import org.opencdp.schemas.avro.IdentifierType;

class SqliteContactVaultTest {
    private static final byte[] KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_KEY = "0000000000000000fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path home;

    @Test
    void storesEncryptedAndRevealsByToken() throws Exception {
        Path file = home.resolve("vault/contacts.db");
        try (SqliteContactVault vault = SqliteContactVault.open(new VaultSettings("aes-1", KEY, file))) {
            vault.store(List.of(new ClearContact(IdentifierType.PHONE, "tok-phone", "13800138000"),
                    new ClearContact(IdentifierType.EMAIL, "tok-mail", "li.lei@example.com")));
            vault.store(List.of(new ClearContact(IdentifierType.PHONE, "tok-phone", "13800138000")));

            assertThat(vault.size()).isEqualTo(2);
            assertThat(vault.reveal("tok-phone")).contains(new ClearContact(IdentifierType.PHONE, "tok-phone", "13800138000"));
            assertThat(vault.reveal("tok-mail").orElseThrow().value()).isEqualTo("li.lei@example.com");
            assertThat(vault.reveal("unknown")).isEmpty();
        }
        String stored = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain("13800138000", "li.lei");
    }

    @Test
    void aTokenCommittedOnceIsNotWrittenAgainByTheSameVault() throws Exception {
        Path file = home.resolve("contacts.db");
        String phone = CommittedTokensTest.token("phone");
        String email = CommittedTokensTest.token("email");
        try (SqliteContactVault vault = SqliteContactVault.open(new VaultSettings("aes-1", KEY, file))) {
            vault.store(List.of(new ClearContact(IdentifierType.PHONE, phone, "13800138000")));
            // behind the vault's back (the file belongs to one open vault): shows that the second store writes nothing
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = other.createStatement()) {
                statement.execute("PRAGMA busy_timeout=10000");
                statement.executeUpdate("DELETE FROM contacts");
            }
            vault.store(List.of(new ClearContact(IdentifierType.PHONE, phone, "13800138000"),
                    new ClearContact(IdentifierType.EMAIL, email, "li.lei@example.com")));

            assertThat(vault.reveal(phone)).isEmpty();
            assertThat(vault.reveal(email).orElseThrow().value()).isEqualTo("li.lei@example.com");
        }
        try (SqliteContactVault reopened = SqliteContactVault.open(new VaultSettings("aes-1", KEY, file))) {
            reopened.store(List.of(new ClearContact(IdentifierType.PHONE, phone, "13800138000")));

            assertThat(reopened.reveal(phone).orElseThrow().value()).isEqualTo("13800138000");
        }
    }

    @Test
    void anotherKeyCannotReadAndStoringAgainReEncryptsUnderTheNewKey() {
        Path file = home.resolve("contacts.db");
        try (SqliteContactVault vault = SqliteContactVault.open(new VaultSettings("aes-1", KEY, file))) {
            vault.store(List.of(new ClearContact(IdentifierType.PHONE, "tok", "13800138000")));
        }
        try (SqliteContactVault rotated = SqliteContactVault.open(new VaultSettings("aes-2", OTHER_KEY, file))) {
            assertThatThrownBy(() -> rotated.reveal("tok")).hasMessageContaining("aes-1");
            rotated.store(List.of(new ClearContact(IdentifierType.PHONE, "tok", "13800138000")));
            assertThat(rotated.reveal("tok").orElseThrow().value()).isEqualTo("13800138000");
        }
        try (SqliteContactVault forged = SqliteContactVault.open(new VaultSettings("aes-2", KEY, file))) {
            assertThatThrownBy(() -> forged.reveal("tok")).hasMessageContaining("does not decrypt");
        }
    }

    @Test
    void concurrentStoresAreAllCommittedBeforeTheyReturn() throws Exception {
        int threads = 8;
        int storesPerThread = 25;
        try (SqliteContactVault vault = SqliteContactVault.open(new VaultSettings("aes-1", KEY, home.resolve("contacts.db")))) {
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(executor.submit(() -> {
                        for (int i = 0; i < storesPerThread; i++) {
                            String token = "tok-" + thread + "-" + i;
                            vault.store(List.of(new ClearContact(IdentifierType.PHONE, token + "-p", "138%08d".formatted(thread * 1000 + i)),
                                    new ClearContact(IdentifierType.EMAIL, token + "-m", token + "@example.com")));
                            // returned: this call's rows are readable, whichever call's transaction committed them
                            assertThat(vault.reveal(token + "-m").orElseThrow().value()).isEqualTo(token + "@example.com");
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(1, TimeUnit.MINUTES);
                }
            }
            finally {
                executor.shutdownNow();
            }
            assertThat(vault.size()).isEqualTo(threads * storesPerThread * 2L);
            assertThat(vault.reveal("tok-7-24-p").orElseThrow().value()).isEqualTo("13800007024");
        }
    }

    @Test
    void aStoreThatCannotCommitFailsItsCaller() {
        SqliteContactVault vault = SqliteContactVault.open(new VaultSettings("aes-1", KEY, home.resolve("contacts.db")));
        vault.close();

        assertThatThrownBy(() -> vault.store(List.of(new ClearContact(IdentifierType.PHONE, "tok", "13800138000"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot store 1 contact(s)");
    }
}
