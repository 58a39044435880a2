package org.opencdp.streaming.core;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

import static java.util.Objects.requireNonNull;

/**
 * Lets the first row of each key through and drops the rows with the same key that follow within the horizon
 * (the stream is keyed by the deduplication key, e.g. {@code event_id}). Which keys were seen is keyed state with
 * a time-to-live of the horizon: it is part of every checkpoint and savepoint, so a restarted job still knows
 * the keys it saw before. The time-to-live counts processing time from the first sighting (Flink's state TTL has
 * no event-time mode): an event id is remembered for the horizon after it first arrived.
 *
 * <p>Nothing is dropped for being late: a row whose timestamp is at or behind the current watermark is passed
 * on with {@code late = true} to the {@link Finisher}, which may record it (as {@code core.events.is_late}).
 */
public final class DeduplicateRows
        extends KeyedProcessFunction<String, RowData, RowData>
{
    /** Completes a row that passed: sets a late flag and a write time, or leaves it as it is. */
    @FunctionalInterface
    public interface Finisher
            extends Serializable
    {
        RowData finish(RowData row, boolean late, Instant now);
    }

    public static final Duration DEFAULT_HORIZON = Duration.ofHours(48);

    private static final long serialVersionUID = 1L;

    private final Duration horizon;
    private final Finisher finisher;

    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;
    private transient Counter late;

    public DeduplicateRows(Duration horizon, Finisher finisher)
    {
        this.horizon = requireNonNull(horizon, "horizon is null");
        this.finisher = requireNonNull(finisher, "finisher is null");
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("Deduplication horizon must be positive, got " + horizon);
        }
    }

    /** Passes rows unchanged. */
    public static DeduplicateRows unchanged(Duration horizon)
    {
        return new DeduplicateRows(horizon, (row, late, now) -> row);
    }

    @Override
    public void open(OpenContext openContext)
    {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(horizon)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .build());
        seen = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicatesDropped");
        late = getRuntimeContext().getMetricGroup().counter("lateRows");
    }

    @Override
    public void processElement(RowData row, Context context, Collector<RowData> out)
            throws Exception
    {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        boolean isLate = isLate(context.timestamp(), context.timerService().currentWatermark());
        if (isLate) {
            late.inc();
        }
        out.collect(finisher.finish(row, isLate, Instant.ofEpochMilli(context.timerService().currentProcessingTime())));
    }

    /**
     * A watermark W promises that no more rows with a timestamp at or before W arrive; one that does is late.
     * Without a timestamp or before the first watermark nothing is late.
     */
    public static boolean isLate(Long timestamp, long watermark)
    {
        return timestamp != null && watermark != Long.MIN_VALUE && timestamp <= watermark;
    }
}
