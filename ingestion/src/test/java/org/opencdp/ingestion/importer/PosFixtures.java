package org.opencdp.ingestion.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.ingestion.vault.PayloadSealer;

/** The small end-of-day fixtures in {@code src/test/resources/importer}, in the layouts of the shipped mappings. */
final class PosFixtures {
    static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    /** Seals the payloads of the fixtures' dead letters; {@code PosFileImporterTest.payload} opens them. */
    static final PayloadSealer SEALER = PayloadSealer.ephemeral();
    static final String DUNNHUMBY_CSV = "dunnhumby_transactions.csv";
    static final String DUNNHUMBY_JSONL = "dunnhumby_transactions.jsonl";
    static final String UCI_CSV = "uci_2010-12-01.csv";

    private PosFixtures() {}

    /** Copies a fixture into a directory, so tests work on files like the command line does. */
    static Path copy(String name, Path directory) {
        try (InputStream in = PosFixtures.class.getResourceAsStream("/importer/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            Path target = directory.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IdentifierTokenizer tokenizer() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new IdentifierTokenizer(new Tokenizer("test-key", key));
    }

    static EdgePipeline pipeline(IdentifierTokenizer tokenizer) {
        return new EdgePipeline(JsonEventDecoder.withDefaults(), tokenizer, Clock.fixed(NOW, ZoneOffset.UTC), SEALER);
    }
}
