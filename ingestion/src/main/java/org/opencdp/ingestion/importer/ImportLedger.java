package org.opencdp.ingestion.importer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers which files were imported where: an append-only JSON-lines file (by default
 * {@code <home>/imports/pos-imports.jsonl}), one entry per completed import, written only after every record
 * of the file was acknowledged. A file whose checksum already has an entry for the same destination is not
 * imported again unless forced. One writer at a time (the command line); readers tolerate a torn last line.
 */
public final class ImportLedger {
    /** The ledger's place under the CDP home. */
    public static final Path DEFAULT_FILE = Path.of("imports", "pos-imports.jsonl");

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    public ImportLedger(Path file) {
        this.file = requireNonNull(file, "file is null");
    }

    public static ImportLedger underHome(Path home) {
        return new ImportLedger(home.resolve(DEFAULT_FILE));
    }

    public Path file() {
        return file;
    }

    /** One completed import. */
    public record Entry(
            @JsonProperty("sha256") String sha256,
            @JsonProperty("file") String fileName,
            @JsonProperty("mapping") String mapping,
            @JsonProperty("destination") String destination,
            @JsonProperty("imported_at") String importedAt,
            @JsonProperty("lines") long lines,
            @JsonProperty("baskets_accepted") long basketsAccepted,
            @JsonProperty("dead_letters") long deadLetters,
            @JsonProperty("forced") boolean forced) {
        public Entry {
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(destination, "destination is null");
        }

        static Entry of(ImportResult result, String destination, Instant importedAt, boolean forced) {
            return new Entry(result.sha256(), result.fileName(), result.mapping(), destination, importedAt.toString(),
                    result.lines(), result.basketsAccepted(), result.deadLetters(), forced);
        }
    }

    /** The latest completed import of a file (by checksum) to a destination. */
    public Optional<Entry> find(String sha256, String destination) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Entry found = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                Entry entry;
                try {
                    entry = JSON.readValue(line, Entry.class);
                } catch (IOException e) {
                    // a line torn by a crash during append: that import never completed
                    continue;
                }
                if (entry.sha256().equals(sha256) && entry.destination().equals(destination)) {
                    found = entry;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read import ledger " + file, e);
        }
        return Optional.ofNullable(found);
    }

    public void record(Entry entry) {
        requireNonNull(entry, "entry is null");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write import ledger " + file, e);
        }
    }
}
