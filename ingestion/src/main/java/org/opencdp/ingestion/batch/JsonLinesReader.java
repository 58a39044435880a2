package org.opencdp.ingestion.batch;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a JSON Lines file as raw bytes, one line at a time, so a rejected line can be kept byte for byte (even
 * when it is not valid UTF-8). Memory is bounded: a line longer than {@code maxLineBytes} is returned cut after
 * {@code maxLineBytes + 1} bytes (enough for the decoder to reject it as oversized) and the rest is skipped.
 * Line terminators ({@code \n} or {@code \r\n}) are not part of a line; blank lines are skipped but counted.
 */
public final class JsonLinesReader implements Closeable {
    /** One line: its 1-based number in the file and its bytes. */
    public record Line(long number, byte[] bytes) {}

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long lineNumber;
    private boolean eof;

    public JsonLinesReader(InputStream in, int maxLineBytes) {
        this.in = requireNonNull(in, "in is null");
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** The next non-blank line, or null at the end of the file. */
    public Line next() throws IOException {
        while (true) {
            byte[] line = readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (!isBlank(line)) {
                return new Line(lineNumber, line);
            }
        }
    }

    private byte[] readLine() throws IOException {
        byte[] line = new byte[0];
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                return any ? trimCarriageReturn(line, length) : null;
            }
            any = true;
            int start = position;
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline >= 0 ? newline : limit;
            int keep = Math.min(end - start, maxLineBytes + 1 - length);
            if (keep > 0) {
                if (line.length < length + keep) {
                    line = Arrays.copyOf(line, Math.max(length + keep, Math.min(maxLineBytes + 1, line.length * 2 + 256)));
                }
                System.arraycopy(buffer, start, line, length, keep);
                length += keep;
            }
            position = newline >= 0 ? newline + 1 : limit;
            if (newline >= 0) {
                return trimCarriageReturn(line, length);
            }
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int read = in.read(buffer);
        if (read < 0) {
            eof = true;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private static byte[] trimCarriageReturn(byte[] line, int length) {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return Arrays.copyOf(line, end);
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
