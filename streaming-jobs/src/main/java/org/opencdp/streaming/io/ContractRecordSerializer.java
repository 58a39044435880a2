package org.opencdp.streaming.io;

import java.io.IOException;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.opencdp.schemas.contract.Contract;

/**
 * Flink serializer of {@link ContractRecord}: the contract name, the Kafka origin, then the record in Avro
 * single-object encoding (which names its writer schema by fingerprint). Stateless, so one instance serves
 * every thread.
 *
 * <p>Values held in state are decoded with the contract's current schema only: a job restored after a
 * contract change must not hold records of the old schema in state (stop it with a drained savepoint).
 */
public final class ContractRecordSerializer
        extends TypeSerializer<ContractRecord>
{
    public static final ContractRecordSerializer INSTANCE = new ContractRecordSerializer();

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType()
    {
        return false;
    }

    @Override
    public TypeSerializer<ContractRecord> duplicate()
    {
        return this;
    }

    @Override
    public ContractRecord createInstance()
    {
        return null;
    }

    @Override
    public ContractRecord copy(ContractRecord from)
    {
        return new ContractRecord(from.contract(), ContractCodecs.deepCopy(from.contract(), from.record()), from.origin());
    }

    @Override
    public ContractRecord copy(ContractRecord from, ContractRecord reuse)
    {
        return copy(from);
    }

    @Override
    public int getLength()
    {
        return -1;
    }

    @Override
    public void serialize(ContractRecord value, DataOutputView target)
            throws IOException
    {
        target.writeUTF(value.contract().name());
        KafkaOrigin origin = value.origin();
        target.writeUTF(origin.topic());
        target.writeInt(origin.partition());
        target.writeLong(origin.offset());
        target.writeLong(origin.timestamp());
        byte[] bytes = ContractCodecs.encode(value.contract(), value.record());
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public ContractRecord deserialize(DataInputView source)
            throws IOException
    {
        Contract contract = contract(source.readUTF());
        KafkaOrigin origin = new KafkaOrigin(source.readUTF(), source.readInt(), source.readLong(), source.readLong());
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return new ContractRecord(contract, ContractCodecs.decode(contract, bytes), origin);
    }

    @Override
    public ContractRecord deserialize(ContractRecord reuse, DataInputView source)
            throws IOException
    {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target)
            throws IOException
    {
        target.writeUTF(source.readUTF());
        target.writeUTF(source.readUTF());
        target.writeInt(source.readInt());
        target.writeLong(source.readLong());
        target.writeLong(source.readLong());
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        target.writeInt(bytes.length);
        // through an array: DataOutputView.write(DataInputView, int) does not grow every target (DataOutputSerializer)
        target.write(bytes);
    }

    @Override
    public boolean equals(Object other)
    {
        return other instanceof ContractRecordSerializer;
    }

    @Override
    public int hashCode()
    {
        return ContractRecordSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ContractRecord> snapshotConfiguration()
    {
        return new Snapshot();
    }

    private Object readResolve()
    {
        return INSTANCE;
    }

    private static Contract contract(String name)
    {
        try {
            return Contract.valueOf(name);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalStateException("Serialized record names unknown contract '" + name + "'", e);
        }
    }

    /** Restores the stateless serializer; Flink instantiates it reflectively. */
    public static final class Snapshot
            extends SimpleTypeSerializerSnapshot<ContractRecord>
    {
        public Snapshot()
        {
            super(() -> INSTANCE);
        }
    }
}
