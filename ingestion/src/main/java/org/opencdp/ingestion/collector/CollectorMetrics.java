package org.opencdp.ingestion.collector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.opencdp.ingestion.decode.ReasonCode;
import org.opencdp.schemas.contract.Contract;

/**
 * What the collector exposes on {@code /metrics} in the Prometheus text format: events accepted per source,
 * events rejected per source and reason, requests per status, and a latency histogram of {@code POST /v1/events}.
 */
final class CollectorMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer latency = Timer.builder("cdp.collector.request.duration")
            .description("Time from request to answer of POST /v1/events, Kafka acknowledgement included")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);

    void accepted(Contract source, int events) {
        Counter.builder("cdp.collector.events.accepted")
                .description("Events acknowledged by Kafka and answered as accepted")
                .tag("source", source.sourceName())
                .register(registry)
                .increment(events);
    }

    void rejected(Contract source, ReasonCode reason) {
        Counter.builder("cdp.collector.events.rejected")
                .description("Events rejected and written to the dead-letter topic")
                .tag("source", source.sourceName())
                .tag("reason", reason.name())
                .register(registry)
                .increment();
    }

    void request(int status, long nanos) {
        Counter.builder("cdp.collector.requests")
                .description("Requests to POST /v1/events by answered status")
                .tag("status", String.valueOf(status))
                .register(registry)
                .increment();
        latency.record(Duration.ofNanos(nanos));
    }

    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }
}
