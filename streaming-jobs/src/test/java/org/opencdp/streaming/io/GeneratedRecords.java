package org.opencdp.streaming.io;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.DeadLettered;
import org.opencdp.ingestion.edge.EdgeBatch;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.edge.IngestStage;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.ingestion.vault.PayloadSealer;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.generator.GeneratorSettings;
import org.opencdp.platform.generator.OmoGenerator;

/** Generated OMO lines passed through the ingestion edge: accepted events of every contract, and dead letters. */
final class GeneratedRecords
{
    final List<Accepted> accepted = new ArrayList<>();
    final List<DeadLettered> deadLettered = new ArrayList<>();

    GeneratedRecords(CdpConfig config, int members)
            throws Exception
    {
        EdgePipeline pipeline = new EdgePipeline(JsonEventDecoder.withDefaults(),
                new IdentifierTokenizer(Tokenizer.from(config.tokenization())), Clock.systemUTC(), PayloadSealer.of(config.vault()));
        EdgeBatch batch = pipeline.newBatch("records", IngestStage.COLLECTOR);
        new OmoGenerator(GeneratorSettings.of(members, 5, Instant.parse("2026-08-01T00:00:00Z"), Instant.parse("2026-08-08T00:00:00Z")))
                .generate((source, line) -> {
                    EdgeOutcome outcome = batch.process(source.contract(), line);
                    if (outcome instanceof Accepted acceptedOutcome) {
                        accepted.add(acceptedOutcome);
                    }
                    else if (outcome instanceof DeadLettered rejected) {
                        deadLettered.add(rejected);
                    }
                });
    }
}
