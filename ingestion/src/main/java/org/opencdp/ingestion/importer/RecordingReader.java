package org.opencdp.ingestion.importer;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;

/**
 * Keeps the characters a parser read, addressed by their absolute position in the stream, until they are
 * discarded; lets a CSV reader cut out the exact text of each record although the parser reads ahead.
 */
final class RecordingReader extends Reader {
    private final Reader delegate;
    private final StringBuilder kept = new StringBuilder();
    private long keptStart;

    RecordingReader(Reader delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int read = delegate.read(buffer, offset, length);
        if (read > 0) {
            kept.append(buffer, offset, read);
        }
        return read;
    }

    /** Absolute position just after the last character read so far. */
    long position() {
        return keptStart + kept.length();
    }

    String text(long from, long to) {
        if (from < keptStart || to > position() || from > to) {
            throw new IllegalStateException("Text [%d, %d) is not kept; kept [%d, %d)".formatted(from, to, keptStart, position()));
        }
        return kept.substring((int) (from - keptStart), (int) (to - keptStart));
    }

    void discardBefore(long position) {
        int count = (int) Math.min(kept.length(), Math.max(0, position - keptStart));
        kept.delete(0, count);
        keptStart += count;
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
