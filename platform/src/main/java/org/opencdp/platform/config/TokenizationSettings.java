package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;

/**
 * The HMAC key identifiers are tokenized with, and the id recorded beside every token. The key is a
 * secret: it never appears in {@link #toString()}.
 */
public record TokenizationSettings(String keyId, byte[] secretKey) {
    public TokenizationSettings {
        requireNonNull(keyId, "keyId is null");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("tokenization key id is blank");
        }
        requireNonNull(secretKey, "secretKey is null");
        if (secretKey.length < CdpProperties.TOKENIZATION_SECRET_KEY_MIN_BYTES) {
            throw new IllegalArgumentException("tokenization secret key must have at least "
                    + CdpProperties.TOKENIZATION_SECRET_KEY_MIN_BYTES + " bytes, it has " + secretKey.length);
        }
        secretKey = secretKey.clone();
    }

    /** A copy of the key: callers cannot change the settings through it. */
    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** The default key id: a fingerprint of the key, so the id changes exactly when the key does. */
    public static String fingerprint(byte[] secretKey) {
        return SecretKeyFile.fingerprint("hmac", secretKey);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenizationSettings that
                && keyId.equals(that.keyId)
                && MessageDigest.isEqual(secretKey, that.secretKey);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "TokenizationSettings[keyId=" + keyId + ", secretKey=" + ConfigValues.MASK + "]";
    }
}
