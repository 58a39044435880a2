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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.opencdp.ingestion.edge.ClearContact;
import org.opencdp.platform.config.VaultSettings;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * The contact vault in an embedded SQLite database ({@code <home>/vault/contacts.db} by default), one row per token:
 * type, key id, nonce and AES-GCM ciphertext. Operational storage, not a lakehouse table: analysts never see it and
 * it is not snapshotted, so an erased contact is gone. One connection, writes serialised (SQLite has one writer
 * anyway) and grouped: concurrent {@link #store} calls share a commit. WAL so readers do not block the collector.
 * Tokens this vault committed are remembered (bounded, {@link CommittedTokens}), so a returning person's contact
 * points are neither encrypted nor written again; the database file belongs to one open vault at a time.
 */
public final class SqliteContactVault implements ContactVault {
    private static final String UPSERT = """
            INSERT INTO contacts (token, type, key_id, nonce, ciphertext, stored_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (token) DO UPDATE SET type = excluded.type, key_id = excluded.key_id, nonce = excluded.nonce,
              ciphertext = excluded.ciphertext, stored_at = excluded.stored_at
            WHERE contacts.key_id <> excluded.key_id""";

    /** Tokens remembered per generation (a phone and an e-mail per person); the two generations take 16 MiB. */
    private static final int REMEMBERED_TOKENS = 262_144;

    private final ContactCipher cipher;
    private final CommittedTokens committed;
    private final Connection connection;
    private final PreparedStatement upsert;
    /** Writes waiting for the next commit; guarded for draining by the lock on this vault. */
    private final Queue<PendingWrite> pending = new ConcurrentLinkedQueue<>();

    private SqliteContactVault(ContactCipher cipher, Connection connection) throws SQLException {
        this.cipher = cipher;
        this.committed = new CommittedTokens(REMEMBERED_TOKENS);
        this.connection = connection;
        this.upsert = connection.prepareStatement(UPSERT);
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
            try {
                return open(cipher, connection);
            }
            catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot open the contact vault " + file + ": " + e.getMessage(), e);
        }
    }

    private static SqliteContactVault open(ContactCipher cipher, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            // WAL with synchronous=NORMAL survives a process crash; a power loss may lose the last commits,
            // which the client's retry of the unanswered request restores
            statement.execute("PRAGMA synchronous=NORMAL");
            statement.execute("PRAGMA busy_timeout=10000");
            // tokens are random keys, so every commit dirties pages all over the index; checkpointing every 10,000
            // pages (40 MiB of WAL) instead of the default 1,000 writes a page that changed many times back once
            statement.execute("PRAGMA wal_autocheckpoint=10000");
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

    /**
     * Encrypts on the caller's thread, then commits. Callers that arrive while another commit runs queue their rows,
     * and the next writer commits every queued call in one transaction (group commit): SQLite has a single writer,
     * and one commit of several requests' rows costs little more than one of a single request's. Each call returns
     * only once a transaction holding all its rows committed, or throws when that transaction failed. Tokens this
     * vault already committed under its key are skipped: the upsert would leave their rows unchanged.
     */
    @Override
    public void store(Collection<ClearContact> contacts) {
        requireNonNull(contacts, "contacts is null");
        List<ClearContact> unknown = committed.unknown(contacts);
        List<SealedContact> rows = new ArrayList<>(unknown.size());
        for (ClearContact contact : unknown) {
            rows.add(new SealedContact(contact, cipher.encrypt(associatedData(contact.token(), contact.type()), contact.value())));
        }
        if (rows.isEmpty()) {
            return;
        }
        PendingWrite write = new PendingWrite(rows);
        pending.add(write);
        Exception failure;
        synchronized (this) {
            if (!write.done) {
                commitPending();
            }
            // not done: the commit that drained this write was cut short by an Error; its rows are not stored
            failure = write.done ? write.failure : new IllegalStateException("the commit holding them did not finish");
        }
        if (failure != null) {
            throw new IllegalStateException("Cannot store %d contact(s) in the contact vault: %s"
                    .formatted(rows.size(), failure.getMessage()), failure);
        }
    }

    /** Commits every queued write in one transaction; called holding the connection's lock. */
    private void commitPending() {
        List<PendingWrite> group = new ArrayList<>();
        for (PendingWrite write = pending.poll(); write != null; write = pending.poll()) {
            group.add(write);
        }
        Exception failure = null;
        try {
            connection.setAutoCommit(false);
            try {
                long now = System.currentTimeMillis();
                for (PendingWrite write : group) {
                    for (SealedContact row : write.rows) {
                        upsert.setString(1, row.contact().token());
                        upsert.setString(2, row.contact().type().name());
                        upsert.setString(3, cipher.keyId());
                        upsert.setBytes(4, row.sealed().nonce());
                        upsert.setBytes(5, row.sealed().ciphertext());
                        upsert.setLong(6, now);
                        upsert.addBatch();
                    }
                }
                upsert.executeBatch();
                connection.commit();
            }
            catch (SQLException | RuntimeException e) {
                upsert.clearBatch();
                connection.rollback();
                throw e;
            }
            finally {
                connection.setAutoCommit(true);
            }
        }
        catch (SQLException | RuntimeException e) {
            failure = e;
        }
        for (PendingWrite write : group) {
            if (failure == null) {
                committed.addAll(write.rows.stream().map(SealedContact::contact).toList());
            }
            write.failure = failure;
            write.done = true;
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
            upsert.close();
            connection.close();
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot close the contact vault: " + e.getMessage(), e);
        }
    }

    private static String associatedData(String token, IdentifierType type) {
        return type.name() + ":" + token;
    }

    private record SealedContact(ClearContact contact, ContactCipher.Sealed sealed) {}

    /** One call's rows; {@code done} and {@code failure} are written and first read under the vault's lock. */
    private static final class PendingWrite {
        private final List<SealedContact> rows;
        private boolean done;
        private Exception failure;

        PendingWrite(List<SealedContact> rows) {
            this.rows = rows;
        }
    }
}
