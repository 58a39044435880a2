package org.opencdp.ingestion.collector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request body within limits: at most {@code maxRequestBytes} as sent, and, for {@code Content-Encoding:
 * gzip}, at most {@code maxDecompressedBytes} once inflated, so a small compressed body cannot expand into
 * gigabytes (a "zip bomb"). Anything over a limit is a 413; a corrupt gzip stream is a 400.
 */
final class RequestBodies {
    /** Past this many times the limit an oversized body is not drained, the connection is dropped instead. */
    private static final int DRAIN_FACTOR = 8;

    private final int maxRequestBytes;
    private final int maxDecompressedBytes;

    RequestBodies(int maxRequestBytes, int maxDecompressedBytes) {
        this.maxRequestBytes = maxRequestBytes;
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    byte[] read(InputStream in, String contentEncoding, long declaredLength) {
        boolean gzip = gzip(contentEncoding);
        if (declaredLength > maxRequestBytes) {
            drain(in, declaredLength);
            throw CollectorRejection.tooLarge("BODY_TOO_LARGE",
                    "The body has %d bytes, more than the limit of %d".formatted(declaredLength, maxRequestBytes));
        }
        byte[] raw;
        try {
            raw = readAtMost(in, maxRequestBytes, declaredLength);
        }
        catch (IOException e) {
            throw CollectorRejection.badRequest("UNREADABLE_BODY", "The body could not be read: " + e.getMessage());
        }
        if (raw == null) {
            drain(in, Long.MAX_VALUE);
            throw CollectorRejection.tooLarge("BODY_TOO_LARGE", "The body has more than %d bytes".formatted(maxRequestBytes));
        }
        if (!gzip) {
            return raw;
        }
        byte[] inflated;
        try (InputStream inflating = new GZIPInputStream(new ByteArrayInputStream(raw), 8192)) {
            inflated = readAtMost(inflating, maxDecompressedBytes, -1);
        }
        catch (IOException e) {
            throw CollectorRejection.badRequest("MALFORMED_GZIP", "The body is not a valid gzip stream: " + e.getMessage());
        }
        if (inflated == null) {
            throw CollectorRejection.tooLarge("BODY_TOO_LARGE",
                    "The body inflates to more than %d bytes".formatted(maxDecompressedBytes));
        }
        return inflated;
    }

    private static boolean gzip(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return false;
        }
        String encoding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "gzip", "x-gzip" -> true;
            case "identity" -> false;
            default -> throw new CollectorRejection(415, "UNSUPPORTED_ENCODING",
                    "Content-Encoding '%s' is not supported; send gzip or no encoding".formatted(
                            encoding.length() > 40 ? encoding.substring(0, 40) + "..." : encoding));
        };
    }

    /**
     * The stream's bytes, or null when it holds more than {@code limit}; {@code expectedLength} (the declared
     * length, or -1) only sizes the buffer, so a body is not copied while the buffer grows.
     */
    private static byte[] readAtMost(InputStream in, int limit, long expectedLength) throws IOException {
        int initial = expectedLength >= 0 && expectedLength <= limit ? (int) expectedLength + 1 : Math.min(limit, 64 * 1024);
        ByteArrayOutputStream out = new ByteArrayOutputStream(initial);
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            total += read;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    /**
     * Reads and discards the rest of a moderately oversized body, so the client, which is usually still sending,
     * gets to read the 413 instead of a reset connection.
     */
    private void drain(InputStream in, long declaredLength) {
        long budget = (long) maxRequestBytes * DRAIN_FACTOR;
        if (declaredLength > budget && declaredLength != Long.MAX_VALUE) {
            return;
        }
        byte[] buffer = new byte[16 * 1024];
        try {
            long total = 0;
            for (int read = in.read(buffer); read >= 0 && total < budget; read = in.read(buffer)) {
                total += read;
            }
        }
        catch (IOException e) {
            // the client gave up; nothing to answer
        }
    }
}
