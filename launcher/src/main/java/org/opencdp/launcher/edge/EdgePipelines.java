package org.opencdp.launcher.edge;

import java.time.Clock;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.ingestion.vault.PayloadSealer;
import org.opencdp.platform.config.CdpConfig;

/**
 * The edge pipeline every entry point uses (collector, importers, generator to Kafka, benchmarks): the
 * configured tokenization key, and the identity rules' blocked values dropped before tokenization, since a
 * token no longer shows that it hides a placeholder; rejected payloads sealed with the configured vault key.
 */
public final class EdgePipelines {
    private EdgePipelines() {}

    public static EdgePipeline of(CdpConfig config) {
        return of(config, Clock.systemUTC());
    }

    public static EdgePipeline of(CdpConfig config, Clock clock) {
        IdentityRules rules = IdentityRules.defaults();
        IdentifierTokenizer tokenizer = new IdentifierTokenizer(Tokenizer.from(config.tokenization()), rules.blockedValues()::isBlocked);
        return new EdgePipeline(JsonEventDecoder.withDefaults(), tokenizer, clock, PayloadSealer.of(config.vault()));
    }
}
