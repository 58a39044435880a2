package org.opencdp.ingestion.vault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.opencdp.ingestion.edge.ClearContact;

/**
 * Tokens whose contact point this vault committed under its current key, so storing them again can be skipped: the
 * vault's upsert would leave such a row as it is (same token, same normalised value, same key). Most traffic comes
 * from returning people, whose contact points are stored already.
 *
 * <p>A token (base64url of an HMAC-SHA256, as {@code Tokenizer} makes them) is remembered by the first 120 bits of
 * its HMAC, two {@code long}s side by side in one open-addressing array: a lookup touches one cache line, where a
 * set of strings chased three or four pointers through a large heap (its lookups took an eighth of the request
 * threads' CPU in the collector benchmark). Two
 * different tokens sharing those bits would be a collision of HMAC-SHA256 truncated to 120 bits (about
 * n<sup>2</sup>/2<sup>121</sup> for n tokens, nil in practice). Any other string (not 43 base64url characters) is
 * never remembered: it is always written.
 *
 * <p>Bounded: two generations of at most {@code generationSize} tokens each. When the current one is full it becomes
 * the previous one and the oldest is dropped; a token found in the previous generation moves to the current one, so
 * tokens seen often stay. Forgetting a token only costs one more (no-op) write. Remembering a token that is not
 * committed would lose a contact point, hence tokens are added only after their transaction committed (and a vault
 * that ever deletes rows must drop them here too). Thread-safe.
 */
final class CommittedTokens {
    /** Base64url characters (no padding) of the 32 bytes of an HMAC-SHA256. */
    private static final int TOKEN_LENGTH = 43;
    /** Characters of a token read: 10 base64url characters fill 60 bits of each of the two halves. */
    private static final int CHARS_PER_HALF = 10;
    /** Set in the first half of every stored fingerprint, so 0 marks an empty slot. */
    private static final long OCCUPIED = 1L << 63;
    private static final byte[] BASE64URL = base64urlValues();

    private final int generationSize;
    /** Slots as pairs of longs; at most half of them used, so probe sequences stay short. */
    private final int mask;
    private long[] current;
    private long[] previous;
    private int currentCount;

    CommittedTokens(int generationSize) {
        if (generationSize < 1) {
            throw new IllegalArgumentException("generationSize must be positive: " + generationSize);
        }
        this.generationSize = generationSize;
        int slots = Integer.highestOneBit(Math.max(2, generationSize - 1)) << 2;
        this.mask = slots - 1;
        this.current = new long[2 * slots];
        this.previous = new long[2 * slots];
    }

    /** The contacts whose token is not remembered, in their order. */
    synchronized List<ClearContact> unknown(Collection<ClearContact> contacts) {
        List<ClearContact> unknown = new ArrayList<>(contacts.size());
        for (ClearContact contact : contacts) {
            if (!contains(contact.token())) {
                unknown.add(contact);
            }
        }
        return unknown;
    }

    /** Remembers the tokens of contacts a transaction has committed. */
    synchronized void addAll(Collection<ClearContact> contacts) {
        for (ClearContact contact : contacts) {
            add(contact.token());
        }
    }

    synchronized boolean contains(String token) {
        if (!isHmacToken(token)) {
            return false;
        }
        long high = half(token, 0) | OCCUPIED;
        long low = half(token, CHARS_PER_HALF);
        if (find(current, high, low) >= 0) {
            return true;
        }
        if (find(previous, high, low) >= 0) {
            insert(high, low);
            return true;
        }
        return false;
    }

    synchronized void add(String token) {
        if (!isHmacToken(token)) {
            return;
        }
        long high = half(token, 0) | OCCUPIED;
        long low = half(token, CHARS_PER_HALF);
        if (find(current, high, low) < 0) {
            insert(high, low);
        }
    }

    /** Adds a fingerprint the current generation does not hold (callers have looked it up there). */
    private void insert(long high, long low) {
        if (currentCount == generationSize) {
            long[] dropped = previous;
            previous = current;
            Arrays.fill(dropped, 0);
            current = dropped;
            currentCount = 0;
        }
        int slot = slot(low);
        while (current[2 * slot] != 0) {
            slot = (slot + 1) & mask;
        }
        current[2 * slot] = high;
        current[2 * slot + 1] = low;
        currentCount++;
    }

    /** The slot holding the fingerprint, or -1. */
    private int find(long[] table, long high, long low) {
        for (int slot = slot(low); table[2 * slot] != 0; slot = (slot + 1) & mask) {
            if (table[2 * slot] == high && table[2 * slot + 1] == low) {
                return slot;
            }
        }
        return -1;
    }

    private int slot(long low) {
        // HMAC bits are uniformly distributed already: no mixing needed
        return (int) (low ^ (low >>> 32)) & mask;
    }

    private static boolean isHmacToken(String token) {
        if (token.length() != TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < TOKEN_LENGTH; i++) {
            char c = token.charAt(i);
            if (c >= BASE64URL.length || BASE64URL[c] < 0) {
                return false;
            }
        }
        return true;
    }

    /** 60 bits from {@code CHARS_PER_HALF} base64url characters of a token, starting at {@code from}. */
    private static long half(String token, int from) {
        long bits = 0;
        for (int i = from; i < from + CHARS_PER_HALF; i++) {
            bits = bits << 6 | BASE64URL[token.charAt(i)];
        }
        return bits;
    }

    private static byte[] base64urlValues() {
        byte[] values = new byte[128];
        Arrays.fill(values, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            values[alphabet.charAt(i)] = (byte) i;
        }
        return values;
    }
}
