package org.opencdp.ingestion.pii;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.opencdp.platform.config.TokenizationSettings;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * Keyed pseudonymisation of identifier values: {@code base64url(HMAC-SHA256(key, TYPE ":" value))} without
 * padding. The type is part of the MAC input so equal values of different types (a card number that looks like a
 * phone number) never share a token; the key makes tokens useless without it, unlike a plain hash of a phone
 * number, which can be reversed by enumerating all numbers. Thread-safe.
 */
public final class Tokenizer {
    /** Shorter keys would make the MAC weaker than its 256-bit output. */
    public static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final String keyId;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public Tokenizer(String keyId, byte[] secretKey) {
        this.keyId = requireNonNull(keyId, "keyId is null");
        requireNonNull(secretKey, "secretKey is null");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("Tokenization key id must not be blank");
        }
        if (secretKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("Tokenization key '%s' has %d bytes; at least %d are required"
                    .formatted(keyId, secretKey.length, MIN_KEY_BYTES));
        }
        this.key = new SecretKeySpec(Arrays.copyOf(secretKey, secretKey.length), ALGORITHM);
        // Mac instances are stateful; fail on a bad key here rather than on the first event
        newMac();
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The tokenizer of the configured key ({@code CdpConfig.tokenization()}). */
    public static Tokenizer from(TokenizationSettings settings) {
        requireNonNull(settings, "settings is null");
        return new Tokenizer(settings.keyId(), settings.secretKey());
    }

    public String keyId() {
        return keyId;
    }

    /** Token of an already normalised value. */
    public String token(IdentifierType type, String normalizedValue) {
        requireNonNull(type, "type is null");
        requireNonNull(normalizedValue, "normalizedValue is null");
        Mac mac = macs.get();
        mac.update(type.name().getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) ':');
        byte[] digest = mac.doFinal(normalizedValue.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot initialise " + ALGORITHM + " with key " + keyId, e);
        }
    }

    @Override
    public String toString() {
        // never print key material
        return "Tokenizer{keyId=" + keyId + "}";
    }
}
