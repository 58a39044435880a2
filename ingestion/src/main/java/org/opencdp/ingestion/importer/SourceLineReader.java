package org.opencdp.ingestion.importer;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Streams the records of an end-of-day file; the file is never held in memory as a whole. */
public interface SourceLineReader extends Closeable {
    /** The next record, or null at the end of the file. */
    SourceLine next();

    /** Text placed before the records of a dead-letter payload so it reads as a file of its own (the CSV header). */
    String payloadPreamble();

    @Override
    void close();

    static SourceLineReader open(Path file, PosFileFormat format, char delimiter) {
        try {
            InputStream in = Files.newInputStream(file);
            try {
                return switch (format) {
                    case CSV -> new CsvLineReader(in, delimiter, file.toString());
                    case JSONL -> new JsonLinesLineReader(in);
                };
            } catch (RuntimeException e) {
                in.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read POS file " + file, e);
        }
    }
}
