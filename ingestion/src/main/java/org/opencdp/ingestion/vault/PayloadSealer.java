package org.opencdp.ingestion.vault;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import org.opencdp.platform.config.CdpProperties;
import org.opencdp.platform.config.VaultSettings;

/**
 * Seals the original payload of a rejected record before it leaves the edge: a rejected record may carry PII in clear
 * (it failed validation, so it was never tokenized), and the dead-letter topic and table must not. AES-256-GCM under the
 * vault key, the nonce first, the dead-letter id as associated data (a payload copied onto another dead letter does not
 * open). Only a holder of the vault key, the replay path, opens it. Thread-safe.
 */
public final class PayloadSealer {
    private final ContactCipher cipher;

    private PayloadSealer(ContactCipher cipher) {
        this.cipher = cipher;
    }

    /** A sealer under the vault's key; fails at once on a bad key. */
    public static PayloadSealer of(VaultSettings settings) {
        return new PayloadSealer(new ContactCipher(requireNonNull(settings, "settings is null")));
    }

    /**
     * A sealer under a random key of this process only, for runs whose dead letters are counted and thrown away (an
     * evaluation, a benchmark, a test): nobody can open what it seals once the process ends.
     */
    public static PayloadSealer ephemeral() {
        byte[] key = new byte[CdpProperties.VAULT_SECRET_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new PayloadSealer(new ContactCipher("ephemeral", key));
    }

    /** Id of the vault key payloads are sealed with; stored with each sealed payload. */
    public String keyId() {
        return cipher.keyId();
    }

    /** The payload sealed for the dead letter {@code deadLetterId}: nonce, then ciphertext and tag. */
    public byte[] seal(String deadLetterId, byte[] payload) {
        requireNonNull(deadLetterId, "deadLetterId is null");
        requireNonNull(payload, "payload is null");
        ContactCipher.Sealed sealed = cipher.encrypt(deadLetterId, payload);
        return ByteBuffer.allocate(sealed.nonce().length + sealed.ciphertext().length).put(sealed.nonce()).put(sealed.ciphertext()).array();
    }

    /**
     * The payload as received, from what {@link #seal} returned for the same dead letter; fails when it was sealed under
     * another key or altered.
     */
    public byte[] open(String deadLetterId, String keyId, byte[] sealed) {
        requireNonNull(deadLetterId, "deadLetterId is null");
        requireNonNull(sealed, "sealed is null");
        if (!cipher.keyId().equals(keyId)) {
            throw new IllegalArgumentException("Dead letter %s was sealed with vault key '%s', not with the configured key '%s'".formatted(deadLetterId, keyId, cipher.keyId()));
        }
        if (sealed.length <= ContactCipher.NONCE_BYTES) {
            throw new IllegalArgumentException("Sealed payload of dead letter %s is too short (%d bytes)".formatted(deadLetterId, sealed.length));
        }
        return cipher.decryptBytes(deadLetterId, Arrays.copyOf(sealed, ContactCipher.NONCE_BYTES),
                Arrays.copyOfRange(sealed, ContactCipher.NONCE_BYTES, sealed.length));
    }
}
