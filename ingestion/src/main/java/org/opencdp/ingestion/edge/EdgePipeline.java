package org.opencdp.ingestion.edge;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.vault.PayloadSealer;

/**
 * The checks every event passes where it enters the platform, whatever the channel: decode and validate against
 * the contract, stamp the server time and correct client clock skew, reject duplicates, and tokenize identifiers so
 * nothing downstream ever sees a clear phone number; a rejected record's payload is sealed with the vault key for the
 * same reason. Work is grouped in {@link EdgeBatch}es (one HTTP request, one
 * file load); the pipeline itself is immutable and thread-safe.
 */
public final class EdgePipeline {
    private final JsonEventDecoder decoder;
    private final IdentifierTokenizer tokenizer;
    private final Clock clock;
    private final PayloadSealer sealer;

    public EdgePipeline(JsonEventDecoder decoder, IdentifierTokenizer tokenizer, Clock clock, PayloadSealer sealer) {
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.sealer = requireNonNull(sealer, "sealer is null");
    }

    /**
     * Starts a batch. The batch id makes dead-letter ids deterministic, so reprocessing the same input yields the
     * same dead letters.
     */
    public EdgeBatch newBatch(String batchId, IngestStage stage) {
        return new EdgeBatch(batchId, stage, decoder, tokenizer, clock, sealer, ContactSink.NONE);
    }

    /**
     * Starts a batch that also hands the normalised clear phone and e-mail of every accepted event, with their
     * tokens, to {@code contacts} (the contact vault of the collector), before the event holds only tokens.
     */
    public EdgeBatch newBatch(String batchId, IngestStage stage, ContactSink contacts) {
        return new EdgeBatch(batchId, stage, decoder, tokenizer, clock, sealer, contacts);
    }
}
