package org.opencdp.streaming.core;

import java.io.Serializable;
import java.time.Instant;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;

import static org.opencdp.streaming.core.RowLayout.identifiers;
import static org.opencdp.streaming.core.RowLayout.string;
import static org.opencdp.streaming.core.RowLayout.stringMap;
import static org.opencdp.streaming.core.RowLayout.timestamp;

/**
 * Rows of {@code core.events} in the column order of the table's schema. A row starts with {@code is_late = false}
 * and no {@code ingested_at}; {@link #finish} sets both once the deduplication step has decided.
 */
public final class CoreEventRows
        implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final RowLayout layout;
    private final int eventIdPosition;
    private final int isLatePosition;
    private final int ingestedAtPosition;
    private transient RowData.FieldGetter[] fieldGetters;

    /** @param schema the current schema of {@code core.events} */
    public CoreEventRows(Schema schema)
    {
        this.layout = new RowLayout(schema);
        this.eventIdPosition = layout.position("event_id");
        this.isLatePosition = layout.position("is_late");
        this.ingestedAtPosition = layout.position("ingested_at");
    }

    public RowType rowType()
    {
        return layout.rowType();
    }

    public RowData toRow(CanonicalEvent event)
    {
        GenericRowData row = layout.newRow();
        layout.set(row, "event_id", string(event.eventId()));
        layout.set(row, "source", string(event.source()));
        layout.set(row, "event_type", string(event.eventType()));
        layout.set(row, "event_time", timestamp(event.eventTime()));
        layout.set(row, "received_at", timestamp(event.receivedAt()));
        layout.set(row, "is_late", false);
        layout.set(row, "channel", string(event.channel()));
        layout.set(row, "store_id", string(event.storeId()));
        layout.set(row, "app_id", string(event.appId()));
        layout.set(row, "order_id", string(event.orderId()));
        layout.set(row, "amount_minor", event.amountMinor());
        layout.set(row, "currency", string(event.currency()));
        layout.set(row, "identifiers", identifiers(event.identifiers()));
        layout.set(row, "properties", stringMap(event.properties()));
        return row;
    }

    public String eventId(RowData row)
    {
        return row.getString(eventIdPosition).toString();
    }

    /**
     * The row as written: with its late flag and the time it is written at. Rows that crossed the network are
     * binary rows, which cannot be changed: their fields are copied into a new row.
     */
    public RowData finish(RowData row, boolean late, Instant ingestedAt)
    {
        GenericRowData finished;
        if (row instanceof GenericRowData generic) {
            finished = generic;
        }
        else {
            finished = layout.newRow();
            RowData.FieldGetter[] getters = fieldGetters();
            for (int i = 0; i < getters.length; i++) {
                finished.setField(i, getters[i].getFieldOrNull(row));
            }
        }
        finished.setField(isLatePosition, late);
        finished.setField(ingestedAtPosition, timestamp(ingestedAt));
        return finished;
    }

    private RowData.FieldGetter[] fieldGetters()
    {
        RowData.FieldGetter[] getters = fieldGetters;
        if (getters == null) {
            RowType type = layout.rowType();
            getters = new RowData.FieldGetter[type.getFieldCount()];
            for (int i = 0; i < getters.length; i++) {
                getters[i] = RowData.createFieldGetter(type.getTypeAt(i), i);
            }
            fieldGetters = getters;
        }
        return getters;
    }
}
