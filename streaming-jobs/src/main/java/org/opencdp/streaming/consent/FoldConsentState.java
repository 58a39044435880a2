package org.opencdp.streaming.consent;

import java.time.Instant;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the decision in force per key ({@link ConsentState#key()}) and emits a {@code consent.state} row whenever
 * a decision replaces it ({@link ConsentStates#supersedes}); an older or repeated decision emits nothing. The
 * state has no time-to-live: consent stays in force until changed, and an out-of-order older decision must never
 * overwrite a newer one, so restart the job from its checkpoints or a savepoint.
 */
public final class FoldConsentState
        extends KeyedProcessFunction<String, ConsentState, RowData>
{
    private static final long serialVersionUID = 1L;

    private final ConsentStateRows rows;

    private transient ValueState<ConsentState> current;

    public FoldConsentState(ConsentStateRows rows)
    {
        this.rows = requireNonNull(rows, "rows is null");
    }

    @Override
    public void open(OpenContext openContext)
    {
        current = getRuntimeContext().getState(new ValueStateDescriptor<>("consent-in-force", TypeInformation.of(ConsentState.class)));
    }

    @Override
    public void processElement(ConsentState decision, Context context, Collector<RowData> out)
            throws Exception
    {
        if (!ConsentStates.supersedes(decision, current.value())) {
            return;
        }
        current.update(decision);
        out.collect(rows.toRow(decision, Instant.ofEpochMilli(context.timerService().currentProcessingTime())));
    }
}
