package org.opencdp.platform.generator;

import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * Turns one person's drafts into lines, spoiling the configured share of them on purpose. It has its own
 * random (split from the person's), so the bad-record rate does not change what the good events say.
 */
final class RecordCollector
{
    private static final BadRecordReason[] REASONS = BadRecordReason.values();
    private static final Map<OmoSource, String[]> REQUIRED = new EnumMap<>(OmoSource.class);
    private static final Map<OmoSource, String[]> WRONG_TYPE_FIELDS = new EnumMap<>(OmoSource.class);
    private static final long MIN_FUTURE = 30 * Timestamps.MILLIS_PER_DAY;

    static {
        for (OmoSource source : OmoSource.values()) {
            REQUIRED.put(source, source.schema().getFields().stream()
                    .filter(field -> !field.hasDefaultValue())
                    .map(Schema.Field::name)
                    .toArray(String[]::new));
        }
        WRONG_TYPE_FIELDS.put(OmoSource.WEB_EVENTS, new String[] {"identifiers", "schema_version", "properties"});
        WRONG_TYPE_FIELDS.put(OmoSource.APP_EVENTS, new String[] {"identifiers", "schema_version", "properties"});
        WRONG_TYPE_FIELDS.put(OmoSource.MINI_PROGRAM_EVENTS, new String[] {"identifiers", "schema_version", "properties"});
        WRONG_TYPE_FIELDS.put(OmoSource.POS_TRANSACTIONS, new String[] {"identifiers", "schema_version", "total_minor"});
        WRONG_TYPE_FIELDS.put(OmoSource.CONSENT_EVENTS, new String[] {"identifiers", "schema_version", "guardian_consent"});
    }

    private final EventJsonWriter writer;
    private final SplittableRandom random;
    private final double badRecordRate;
    private final long endMillis;
    private final List<GeneratedRecord> records = new ArrayList<>(64);

    RecordCollector(EventJsonWriter writer, SplittableRandom random, double badRecordRate, long endMillis)
    {
        this.writer = requireNonNull(writer, "writer is null");
        this.random = requireNonNull(random, "random is null");
        this.badRecordRate = badRecordRate;
        this.endMillis = endMillis;
    }

    void emit(OmoSource source, EventDraft draft)
    {
        if (badRecordRate == 0 || random.nextDouble() >= badRecordRate) {
            records.add(new GeneratedRecord(source, writer.write(source, draft, null, null), draft.eventId, null, draft.hazards));
            return;
        }
        BadRecordReason reason = REASONS[random.nextInt(REASONS.length)];
        switch (reason) {
            case DUPLICATE_EVENT -> {
                byte[] line = writer.write(source, draft, null, null);
                records.add(new GeneratedRecord(source, line, draft.eventId, null, draft.hazards));
                // the client retried after a timeout although the first send arrived
                records.add(new GeneratedRecord(source, line, draft.eventId, reason, List.of()));
            }
            case MALFORMED_JSON -> records.add(bad(source, draft, malformed(writer.write(source, draft, null, null)), reason));
            case MISSING_FIELD -> {
                String[] required = REQUIRED.get(source);
                String omitted = required[random.nextInt(required.length)];
                records.add(bad(source, draft, writer.write(source, draft, omitted, null), reason));
            }
            case WRONG_TYPE -> {
                String[] fields = WRONG_TYPE_FIELDS.get(source);
                records.add(bad(source, draft, writer.write(source, draft, null, fields[random.nextInt(fields.length)]), reason));
            }
            case FUTURE_TIMESTAMP -> {
                long after = Math.max(endMillis, draft.sentAt == null ? draft.eventTime : draft.sentAt);
                draft.eventTime = after + MIN_FUTURE + random.nextLong(370 * Timestamps.MILLIS_PER_DAY);
                records.add(bad(source, draft, writer.write(source, draft, null, null), reason));
            }
        }
    }

    List<GeneratedRecord> records()
    {
        return records;
    }

    private static GeneratedRecord bad(OmoSource source, EventDraft draft, byte[] line, BadRecordReason reason)
    {
        return new GeneratedRecord(source, line, draft.eventId, reason, List.of());
    }

    private byte[] malformed(byte[] line)
    {
        if (random.nextBoolean()) {
            // cut off mid-record, as a client killed while writing would leave it
            int keep = 1 + random.nextInt(line.length - 2);
            byte[] truncated = new byte[keep];
            System.arraycopy(line, 0, truncated, 0, keep);
            return truncated;
        }
        // the first key lost its opening quote: {event_id":...
        byte[] broken = new byte[line.length - 1];
        broken[0] = line[0];
        System.arraycopy(line, 2, broken, 1, line.length - 2);
        return broken;
    }
}
