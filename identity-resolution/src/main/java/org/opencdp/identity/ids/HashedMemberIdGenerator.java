package org.opencdp.identity.ids;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.opencdp.identity.edge.IdentifierKey;

/**
 * Member ids {@code m_} + 32 hex digits: the first 128 bits of SHA-256 of {@code TYPE:token#attempt}. The seed is
 * already a keyed HMAC token, so the id reveals nothing; 128 bits make collisions between seeds negligible.
 */
public final class HashedMemberIdGenerator implements MemberIdGenerator {
    public static final String PREFIX = "m_";

    @Override
    public String newId(IdentifierKey seed, int attempt) {
        requireNonNull(seed, "seed is null");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((seed + "#" + attempt).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(hash, 0, 16);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
