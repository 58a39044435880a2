package org.opencdp.streaming.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.edge.Accepted;
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
import org.opencdp.schemas.contract.Contract;

/**
 * Generated OMO lines passed through the ingestion edge, as the collector would: accepted events for their
 * source topics, rejected lines as dead letters. Published in slices so tests can produce while a job runs.
 */
final class GeneratedEvents
{
    private final List<EdgeOutcome> outcomes;

    private GeneratedEvents(List<EdgeOutcome> outcomes)
    {
        this.outcomes = List.copyOf(outcomes);
    }

    static GeneratedEvents generate(CdpConfig config, int members, long seed)
            throws Exception
    {
        EdgePipeline pipeline = new EdgePipeline(JsonEventDecoder.withDefaults(),
                new IdentifierTokenizer(Tokenizer.from(config.tokenization())), Clock.systemUTC(), PayloadSealer.of(config.vault()));
        EdgeBatch batch = pipeline.newBatch("test-" + seed, IngestStage.COLLECTOR);
        List<EdgeOutcome> outcomes = new ArrayList<>();
        new OmoGenerator(GeneratorSettings.of(members, seed, Instant.parse("2026-08-01T00:00:00Z"), Instant.parse("2026-08-15T00:00:00Z")))
                .generate((source, line) -> outcomes.add(batch.process(source.contract(), line)));
        return new GeneratedEvents(outcomes);
    }

    int size()
    {
        return outcomes.size();
    }

    /** Outcomes [from, to) of the generated order. */
    GeneratedEvents slice(int from, int to)
    {
        return new GeneratedEvents(outcomes.subList(from, to));
    }

    /** What the edge decided for each line, to publish with {@code JobTestBed.publish}. */
    List<EdgeOutcome> outcomes()
    {
        return outcomes;
    }

    /** Rows each raw table should get from these outcomes: accepted events per contract, dead letters. */
    Map<Contract, Long> expectedRows()
    {
        Map<Contract, Long> expected = new EnumMap<>(Contract.class);
        for (EdgeOutcome outcome : outcomes) {
            Contract contract = outcome instanceof Accepted accepted ? accepted.contract() : Contract.DEAD_LETTER;
            expected.merge(contract, 1L, Long::sum);
        }
        return expected;
    }
}
