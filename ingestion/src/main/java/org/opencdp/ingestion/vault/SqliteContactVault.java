package org.opencdp.ingestion.vault;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Optional;
import org.opencdp.ingestion.edge.ClearContact;
import org.opencdp.platform.config.VaultSettings;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * The contact vault in an embedded SQLite database ({@code <home>/vault/contacts.db} by default), one row per token:
 * type, key id, nonce and AES-GCM ciphertext. Operational storage, not a lakehouse table: analysts never see it and
 * it is not snapshotted, so an erased contact is gone. One connection, writes serialised (SQLite has one writer
 * anyway), WAL so readers do not block the collector.
 */
public final class SqliteContactVault implements ContactVault {
    private final ContactCipher cipher;
    private final Connection connection;

    private SqliteContactVault(ContactCipher cipher, Connection connection) {
        this.cipher = cipher;
        this.connection = connection;
    }

    /** Opens (creating when needed) the vault at the settings' database file. */
    public static SqliteContactVault open(VaultSettings settings) {
        requireNonNull(settings, "settings is null");
        ContactCipher cipher = new ContactCipher(settings);
        Path file = settings.databaseFile().toAbsolutePath();
        try {
            Path directory = file.getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the contact vault directory for " + file, e);
        }
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // WAL with synchronous=NORMAL survives a process crash; a power loss may lose the last commits,
                // which the client's retry of the unanswered request restores
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA busy_timeout=10000");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS contacts (
                          token      TEXT PRIMARY KEY,
                          type       TEXT NOT NULL,
                          key_id     TEXT NOT NULL,
                          nonce      BLOB NOT NULL,
                          ciphertext BLOB NOT NULL,
                          stored_at  INTEGER NOT NULL
                        )""");
            }
            return new SqliteContactVault(cipher, connection);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot open the contact vault " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void store(Collection<ClearContact> contacts) {
        requireNonNull(contacts, "contacts is null");
        if (contacts.isEmpty()) {
            return;
        }
        String sql = """
                INSERT INTO contacts (token, type, key_id, nonce, ciphertext, stored_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (token) DO UPDATE SET type = excluded.type, key_id = excluded.key_id, nonce = excluded.nonce,
                  ciphertext = excluded.ciphertext, stored_at = excluded.stored_at
                WHERE contacts.key_id <> excluded.key_id""";
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                long now = System.currentTimeMillis();
                for (ClearContact contact : contacts) {
                    ContactCipher.Sealed sealed = cipher.encrypt(associatedData(contact.token(), contact.type()), contact.value());
                    insert.setString(1, contact.token());
                    insert.setString(2, contact.type().name());
                    insert.setString(3, cipher.keyId());
                    insert.setBytes(4, sealed.nonce());
                    insert.setBytes(5, sealed.ciphertext());
                    insert.setLong(6, now);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            }
            catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            finally {
                connection.setAutoCommit(true);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot store %d contact(s) in the contact vault: %s".formatted(contacts.size(), e.getMessage()), e);
        }
    }

    @Override
    public synchronized Optional<ClearContact> reveal(String token) {
        requireNonNull(token, "token is null");
        try (PreparedStatement select = connection.prepareStatement("SELECT type, key_id, nonce, ciphertext FROM contacts WHERE token = ?")) {
            select.setString(1, token);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                IdentifierType type = IdentifierType.valueOf(row.getString(1));
                String keyId = row.getString(2);
                if (!keyId.equals(cipher.keyId())) {
                    throw new IllegalStateException("Contact %s was encrypted with vault key %s, but the configured key is %s"
                            .formatted(token, keyId, cipher.keyId()));
                }
                String clear = cipher.decrypt(associatedData(token, type), row.getBytes(3), row.getBytes(4));
                return Optional.of(new ClearContact(type, token, clear));
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot read the contact vault: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long size() {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT count(*) FROM contacts")) {
            row.next();
            return row.getLong(1);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot read the contact vault: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot close the contact vault: " + e.getMessage(), e);
        }
    }

    private static String associatedData(String token, IdentifierType type) {
        return type.name() + ":" + token;
    }
}
