package org.opencdp.ingestion.importer;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.opencdp.ingestion.kafka.KafkaEventPublisher;

/**
 * Imports end-of-day files to Kafka: accepted transactions to {@code cdp.pos.transactions}, dead letters to
 * {@code cdp.dead_letters}. A file is recorded in the {@link ImportLedger} only after Kafka acknowledged all of
 * its records; a file already recorded for this destination is skipped unless forced. A forced re-import (or a
 * retry after a failure) publishes records with the same event ids, which downstream deduplication removes.
 */
public final class PosKafkaImport {
    private final PosFileImporter importer;
    private final ImportLedger ledger;
    private final KafkaEventPublisher publisher;
    private final String destination;
    private final Clock clock;

    /**
     * @param destination names the Kafka cluster in the ledger (its bootstrap servers), so importing a file to
     *         another cluster is not mistaken for a repeat
     */
    public PosKafkaImport(PosFileImporter importer, ImportLedger ledger, KafkaEventPublisher publisher, String destination, Clock clock) {
        this.importer = requireNonNull(importer, "importer is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.publisher = requireNonNull(publisher, "publisher is null");
        this.destination = "kafka:" + requireNonNull(destination, "destination is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @param format the layout, or null for the mapping's default
     * @throws org.opencdp.ingestion.kafka.PublishFailedException when Kafka did not acknowledge every record; the
     *         file is not recorded and may simply be imported again
     */
    public ImportRun run(Path file, PosFileFormat format, boolean force) {
        requireNonNull(file, "file is null");
        String sha256 = PosFileImporter.checksum(file);
        Optional<ImportLedger.Entry> previous = ledger.find(sha256, destination);
        if (previous.isPresent() && !force) {
            return new ImportRun.Skipped(file, previous.get());
        }
        ImportResult result = importer.importFile(file, format, publisher::publish);
        publisher.flush();
        ledger.record(ImportLedger.Entry.of(result, destination, clock.instant(), force));
        return new ImportRun.Imported(file, result);
    }
}
