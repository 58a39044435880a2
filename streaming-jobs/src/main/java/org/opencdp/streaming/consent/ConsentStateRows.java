package org.opencdp.streaming.consent;

import java.io.Serializable;
import java.time.Instant;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.opencdp.streaming.core.RowLayout;

import static org.opencdp.streaming.core.RowLayout.string;
import static org.opencdp.streaming.core.RowLayout.timestamp;

/** Rows of {@code consent.state}: a {@link ConsentState} and the time it is written. */
public final class ConsentStateRows
        implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final RowLayout layout;

    /** @param schema the current schema of {@code consent.state} */
    public ConsentStateRows(Schema schema)
    {
        this.layout = new RowLayout(schema);
    }

    public RowType rowType()
    {
        return layout.rowType();
    }

    public RowData toRow(ConsentState state, Instant updatedAt)
    {
        GenericRowData row = layout.newRow();
        layout.set(row, "subject", string(state.subject()));
        layout.set(row, "subject_type", string(state.subjectType()));
        layout.set(row, "purpose", string(state.purpose()));
        layout.set(row, "channel", string(state.channel()));
        layout.set(row, "recipient", string(state.recipient()));
        layout.set(row, "granted", state.granted());
        layout.set(row, "action", string(state.action()));
        layout.set(row, "policy_version", string(state.policyVersion()));
        layout.set(row, "subject_is_minor", state.subjectIsMinor());
        layout.set(row, "guardian_consent", state.guardianConsent());
        layout.set(row, "source", string(state.source()));
        layout.set(row, "captured_at", timestamp(state.capturedAt()));
        layout.set(row, "event_id", string(state.eventId()));
        layout.set(row, "updated_at", timestamp(updatedAt));
        return row;
    }
}
