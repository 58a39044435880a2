package org.opencdp.streaming.consent;

import java.io.Serializable;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.avro.ConsentEvidence;
import org.opencdp.identity.links.EventIdentifiers;
import org.opencdp.streaming.core.RowLayout;

import static org.opencdp.streaming.core.RowLayout.identifiers;
import static org.opencdp.streaming.core.RowLayout.string;
import static org.opencdp.streaming.core.RowLayout.timestamp;

/**
 * Rows of {@code consent.ledger} from consent events, one per event: the subject's identifiers (highest
 * priority first), the decision, and {@code captured_at} = the event time.
 */
public final class ConsentLedgerRows
        implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final RowLayout layout;
    private final RowLayout evidence;

    /** @param schema the current schema of {@code consent.ledger} */
    public ConsentLedgerRows(Schema schema)
    {
        this.layout = new RowLayout(schema);
        Types.NestedField evidenceColumn = schema.findField("evidence");
        if (evidenceColumn == null || !evidenceColumn.type().isStructType()) {
            throw new IllegalArgumentException("Consent ledger schema has no evidence struct: " + schema);
        }
        this.evidence = new RowLayout(new Schema(evidenceColumn.type().asStructType().fields()));
    }

    public RowType rowType()
    {
        return layout.rowType();
    }

    public RowData toRow(ConsentEvent event)
    {
        GenericRowData row = layout.newRow();
        layout.set(row, "event_id", string(event.getEventId()));
        layout.set(row, "subject_identifiers", identifiers(EventIdentifiers.of(event.getIdentifiers())));
        layout.set(row, "purpose", string(event.getPurpose().name()));
        layout.set(row, "channel", event.getChannel() == null ? null : string(event.getChannel().name()));
        layout.set(row, "recipient", string(event.getRecipient()));
        layout.set(row, "action", string(event.getAction().name()));
        layout.set(row, "policy_version", string(event.getPolicyVersion()));
        layout.set(row, "source", string(event.getSource().name()));
        layout.set(row, "captured_at", timestamp(event.getEventTime()));
        layout.set(row, "received_at", timestamp(event.getReceivedAt()));
        layout.set(row, "subject_is_minor", event.getSubjectIsMinor());
        layout.set(row, "guardian_consent", Boolean.TRUE.equals(event.getGuardianConsent()));
        ConsentEvidence proof = event.getEvidence();
        GenericRowData evidenceRow = evidence.newRow();
        evidence.set(evidenceRow, "method", string(proof.getMethod()));
        evidence.set(evidenceRow, "text_hash", string(proof.getTextHash()));
        evidence.set(evidenceRow, "staff_id", string(proof.getStaffId()));
        evidence.set(evidenceRow, "reference", string(proof.getReference()));
        layout.set(row, "evidence", evidenceRow);
        return row;
    }

    public String eventId(RowData row)
    {
        return row.getString(layout.position("event_id")).toString();
    }
}
