package org.opencdp.ingestion.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
