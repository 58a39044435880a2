package org.opencdp.platform.generator;

import java.util.SplittableRandom;

/**
 * Random identifier values shaped like the real ones. All come from the caller's seeded random.
 */
final class Ids
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    private static final char[] WECHAT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private Ids() {}

    /** Lower-case random (version 4) UUID. */
    static String uuid(SplittableRandom random)
    {
        return uuid(random, HEX);
    }

    /** Upper-case UUID, as iOS reports an IDFA. */
    static String upperUuid(SplittableRandom random)
    {
        return uuid(random, HEX_UPPER);
    }

    static String hex(SplittableRandom random, int length)
    {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = HEX[random.nextInt(16)];
        }
        return new String(out);
    }

    static String digits(SplittableRandom random, int length)
    {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(out);
    }

    /** 28-character WeChat openid or unionid starting with {@code o}, like {@code oUpF8uMuAJO_M2pxb1Q9zNjWeS6o}. */
    static String wechat(SplittableRandom random, String prefix)
    {
        StringBuilder out = new StringBuilder(28).append(prefix);
        while (out.length() < 28) {
            out.append(WECHAT[random.nextInt(WECHAT.length)]);
        }
        return out.toString();
    }

    /** Zero-padded decimal; hand-written because String.format is slow in the per-line path. */
    static String pad(long value, int width)
    {
        String text = Long.toString(value);
        if (text.length() >= width) {
            return text;
        }
        return "0".repeat(width - text.length()) + text;
    }

    /** Mixes the run seed with a stream number into an independent seed (SplitMix64 finaliser). */
    static long mix(long seed, long stream)
    {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String uuid(SplittableRandom random, char[] alphabet)
    {
        long high = random.nextLong();
        long low = random.nextLong();
        high = (high & ~0xF000L) | 0x4000L;
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] out = new char[36];
        int at = 0;
        for (int i = 0; i < 32; i++) {
            if (i == 8 || i == 12 || i == 16 || i == 20) {
                out[at++] = '-';
            }
            long word = i < 16 ? high : low;
            int shift = (15 - (i % 16)) * 4;
            out[at++] = alphabet[(int) ((word >>> shift) & 0xF)];
        }
        return new String(out);
    }
}
