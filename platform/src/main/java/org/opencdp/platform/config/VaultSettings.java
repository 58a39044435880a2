package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The AES-256 key the contact vault encrypts phone numbers and e-mail addresses with, the id stored beside each
 * ciphertext, and the vault's database file. The key is a secret: it never appears in {@link #toString()}.
 */
public record VaultSettings(String keyId, byte[] secretKey, Path databaseFile) {
    public VaultSettings {
        requireNonNull(keyId, "keyId is null");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("vault key id is blank");
        }
        requireNonNull(secretKey, "secretKey is null");
        if (secretKey.length != CdpProperties.VAULT_SECRET_KEY_BYTES) {
            throw new IllegalArgumentException("vault secret key must have exactly "
                    + CdpProperties.VAULT_SECRET_KEY_BYTES + " bytes, it has " + secretKey.length);
        }
        secretKey = secretKey.clone();
        requireNonNull(databaseFile, "databaseFile is null");
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** The default key id: a fingerprint of the key, so the id changes exactly when the key does. */
    public static String fingerprint(byte[] secretKey) {
        return SecretKeyFile.fingerprint("aes", secretKey);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VaultSettings that
                && keyId.equals(that.keyId)
                && MessageDigest.isEqual(secretKey, that.secretKey)
                && databaseFile.equals(that.databaseFile);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "VaultSettings[keyId=" + keyId + ", secretKey=" + ConfigValues.MASK + ", databaseFile=" + databaseFile + "]";
    }
}
