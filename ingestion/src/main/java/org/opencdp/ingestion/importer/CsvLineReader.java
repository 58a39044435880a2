package org.opencdp.ingestion.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.opencdp.ingestion.decode.ReasonCode;

/**
 * Reads an RFC 4180 CSV file with a header line. The exact text of each record is cut from the stream between
 * the start of that record and the start of the next one (quoted fields may span lines), so a rejected basket
 * is dead-lettered byte for byte as it stood in the file.
 */
final class CsvLineReader implements SourceLineReader {
    private final String source;
    private final RecordingReader text;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private final String headerText;
    private CSVRecord pending;
    private long line;

    CsvLineReader(InputStream in, char delimiter, String source) {
        this.source = source;
        this.text = new RecordingReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024));
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                .get();
        try {
            this.parser = CSVParser.builder().setReader(text).setFormat(format).get();
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException(new IOException("Cannot read the CSV header of " + source + ": " + e.getMessage(), e));
        }
        this.header = parser.getHeaderNames();
        if (header.isEmpty()) {
            throw new IllegalArgumentException("CSV file " + source + " has no header line");
        }
        this.records = parser.iterator();
        this.pending = advance();
        long dataStart = pending == null ? text.position() : pending.getCharacterPosition();
        this.headerText = stripLineEnd(text.text(0, dataStart));
        this.line = 1 + newlines(text.text(0, dataStart));
        text.discardBefore(dataStart);
    }

    @Override
    public SourceLine next() {
        if (pending == null) {
            return null;
        }
        CSVRecord current = pending;
        pending = advance();
        long start = current.getCharacterPosition();
        long end = pending == null ? text.position() : pending.getCharacterPosition();
        String raw = text.text(start, end);
        text.discardBefore(end);
        // a record's position is where the parser started looking for it, before the empty lines it skipped
        int leading = 0;
        while (leading < raw.length() && (raw.charAt(leading) == '\n' || raw.charAt(leading) == '\r')) {
            leading++;
        }
        line += newlines(raw.substring(0, leading));
        raw = raw.substring(leading);
        long lineNumber = line;
        line += newlines(raw);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < Math.min(header.size(), current.size()); i++) {
            String value = current.get(i).strip();
            if (!value.isEmpty() && !header.get(i).isEmpty()) {
                values.putIfAbsent(header.get(i), value);
            }
        }
        SourceLine.Malformed malformed = current.size() == header.size() ? null
                : new SourceLine.Malformed(ReasonCode.INVALID_VALUE, "line has %d columns, the header has %d".formatted(current.size(), header.size()));
        return new SourceLine(lineNumber, stripLineEnd(raw), values, malformed);
    }

    private CSVRecord advance() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            // an unterminated quote and the like: nothing after it can be trusted to be split correctly
            throw new IllegalArgumentException("CSV file %s cannot be parsed after line %d: %s".formatted(source, line, e.getMessage()), e);
        }
    }

    @Override
    public String payloadPreamble() {
        return headerText + "\n";
    }

    private static long newlines(String text) {
        return text.chars().filter(c -> c == '\n').count();
    }

    private static String stripLineEnd(String raw) {
        int end = raw.length();
        while (end > 0 && (raw.charAt(end - 1) == '\n' || raw.charAt(end - 1) == '\r')) {
            end--;
        }
        return raw.substring(0, end);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
