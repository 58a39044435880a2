package org.opencdp.streaming.ingest;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.streaming.io.AvroRowData;
import org.opencdp.streaming.io.ContractDeserializationSchema;
import org.opencdp.streaming.io.ContractRecord;
import org.opencdp.streaming.io.IngestLineage;

import static java.util.Objects.requireNonNull;

/**
 * Sends each record to the side output of its raw table, as a row of that table with its {@code _ingest}
 * lineage (Kafka position, the time it was written, the job run). A record of a contract that has no raw
 * table here (an identity link on a source topic, say) becomes a dead letter rather than being dropped.
 */
final class RawRouter
        extends ProcessFunction<ContractRecord, RowData>
{
    /** Accumulator with the number of records routed, reported when a bounded run finishes. */
    static final String RECORDS_ACCUMULATOR = "records";

    private static final long serialVersionUID = 1L;

    private final String jobName;
    private final Map<Contract, AvroRowData> converters;
    private final Map<Contract, OutputTag<RowData>> outputs;
    private transient String batchId;
    private transient LongCounter records;

    RawRouter(String jobName, Map<Contract, AvroRowData> converters, Map<Contract, OutputTag<RowData>> outputs)
    {
        this.jobName = requireNonNull(jobName, "jobName is null");
        this.converters = new EnumMap<>(requireNonNull(converters, "converters is null"));
        this.outputs = new EnumMap<>(requireNonNull(outputs, "outputs is null"));
        if (!this.converters.keySet().equals(this.outputs.keySet())) {
            throw new IllegalArgumentException("Converters for %s but outputs for %s".formatted(converters.keySet(), outputs.keySet()));
        }
        if (!this.converters.containsKey(Contract.DEAD_LETTER)) {
            throw new IllegalArgumentException("Raw ingest always writes dead letters; got only " + converters.keySet());
        }
    }

    @Override
    public void open(OpenContext openContext)
    {
        // one run of the job: a restart from a savepoint is a new run with a new id
        batchId = jobName + ":" + getRuntimeContext().getJobInfo().getJobId();
        records = new LongCounter();
        getRuntimeContext().addAccumulator(RECORDS_ACCUMULATOR, records);
    }

    @Override
    public void processElement(ContractRecord record, Context context, Collector<RowData> out)
    {
        records.add(1);
        IngestLineage lineage = new IngestLineage(Instant.now(), record.origin().toString(), batchId);
        AvroRowData converter = converters.get(record.contract());
        if (converter == null) {
            DeadLetter deadLetter = unexpectedContract(record);
            context.output(outputs.get(Contract.DEAD_LETTER), converters.get(Contract.DEAD_LETTER).convert(deadLetter, lineage));
            return;
        }
        context.output(outputs.get(record.contract()), converter.convert(record.record(), lineage));
    }

    private DeadLetter unexpectedContract(ContractRecord record)
    {
        return DeadLetter.newBuilder()
                .setDeadLetterId("stream-" + record.origin().topic() + "-" + record.origin().partition() + "-" + record.origin().offset())
                .setReasonCode(ContractDeserializationSchema.SCHEMA_MISMATCH)
                .setField(null)
                .setMessage("Record of contract %s read from topic %s; this job writes only %s".formatted(
                        record.contract(), record.origin().topic(), converters.keySet()))
                .setSource(record.contract().sourceName())
                .setStage(ContractDeserializationSchema.STAGE)
                .setEventId(null)
                .setReceivedAt(record.origin().timestamp() >= 0 ? Instant.ofEpochMilli(record.origin().timestamp()) : Instant.now())
                .setOriginalPayload(ByteBuffer.wrap(record.encoded()))
                .build();
    }
}
