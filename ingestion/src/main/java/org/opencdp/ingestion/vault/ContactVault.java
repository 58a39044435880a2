package org.opencdp.ingestion.vault;

import java.util.Collection;
import java.util.Optional;
import org.opencdp.ingestion.edge.ClearContact;

/**
 * Operational storage of the contact points marketing delivery needs (phone numbers and e-mail addresses),
 * encrypted and keyed by the token that replaced them in events. Everything else in the platform holds only
 * tokens; the export path turns a token back into a number or address through {@link #reveal}, at the moment it
 * sends, after checking consent. Implementations are thread-safe.
 */
public interface ContactVault extends AutoCloseable {
    /**
     * Stores contact points durably, in one transaction (which may also hold the points of concurrent calls);
     * returns once it committed. Storing a token again is a no-op unless it was encrypted under another key, in which
     * case it is re-encrypted under the current one.
     */
    void store(Collection<ClearContact> contacts);

    /** The clear contact point of a token, when the vault holds it. */
    Optional<ClearContact> reveal(String token);

    /** How many contact points the vault holds. */
    long size();

    @Override
    void close();
}
