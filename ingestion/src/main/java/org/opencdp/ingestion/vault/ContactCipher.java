package org.opencdp.ingestion.vault;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.opencdp.platform.config.VaultSettings;

/**
 * AES-256-GCM with a random 96-bit nonce per value. The token and type are bound as additional authenticated
 * data, so a ciphertext copied onto another row does not decrypt. Thread-safe.
 *
 * <p>Each thread re-initialises its own {@link Cipher} with a fresh nonce per value: looking the transformation up
 * in the providers and expanding the AES key again for every value cost more than the encryption of a short
 * contact itself.
 */
final class ContactCipher {
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final String keyId;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(ContactCipher::newCipher);

    ContactCipher(VaultSettings settings) {
        this(requireNonNull(settings, "settings is null").keyId(), settings.secretKey());
    }

    ContactCipher(String keyId, byte[] secretKey) {
        this.keyId = requireNonNull(keyId, "keyId is null");
        this.key = new SecretKeySpec(requireNonNull(secretKey, "secretKey is null"), "AES");
        // fail on a bad key at start rather than on the first contact
        encrypt("probe", "probe");
    }

    String keyId() {
        return keyId;
    }

    Sealed encrypt(String associatedData, String clear) {
        return encrypt(associatedData, clear.getBytes(StandardCharsets.UTF_8));
    }

    Sealed encrypt(String associatedData, byte[] clear) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new Sealed(nonce, cipher.doFinal(clear));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt with vault key " + keyId, e);
        }
    }

    String decrypt(String associatedData, byte[] nonce, byte[] ciphertext) {
        return new String(decryptBytes(associatedData, nonce, ciphertext), StandardCharsets.UTF_8);
    }

    byte[] decryptBytes(String associatedData, byte[] nonce, byte[] ciphertext) {
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(ciphertext);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Value does not decrypt with vault key " + keyId + " (tampered, or another key)", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(TRANSFORMATION + " is not available in this Java runtime", e);
        }
    }

    record Sealed(byte[] nonce, byte[] ciphertext) {}
}
