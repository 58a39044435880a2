package org.opencdp.streaming.io;

import java.nio.file.Path;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.schemas.contract.Contract;

import static org.assertj.core.api.Assertions.assertThat;

class ContractRecordSerializerTest
{
    @TempDir
    static Path home;

    private static GeneratedRecords records;

    @BeforeAll
    static void generate()
            throws Exception
    {
        records = new GeneratedRecords(CdpConfig.forHome(home), 10);
    }

    @Test
    void roundTripsARecordOfEveryContractWithItsOrigin()
            throws Exception
    {
        ContractRecordSerializer serializer = ContractRecordSerializer.INSTANCE;
        for (Contract contract : Contract.events()) {
            Accepted accepted = records.accepted.stream().filter(candidate -> candidate.contract() == contract).findFirst().orElseThrow();
            ContractRecord record = new ContractRecord(contract, accepted.record(), new KafkaOrigin(contract.topic(), 1, 42, 1_786_000_000_000L));

            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(record, out);
            ContractRecord read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

            assertThat(read).isEqualTo(record);
            DataOutputSerializer copied = new DataOutputSerializer(256);
            serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
            assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        }
    }

    @Test
    void copiesDeeplySoOperatorsNeverShareAMutableRecord()
    {
        Accepted accepted = records.accepted.get(0);
        ContractRecord record = new ContractRecord(accepted.contract(), accepted.record(), new KafkaOrigin("t", 0, 0, -1));

        ContractRecord copy = ContractRecordSerializer.INSTANCE.copy(record);

        assertThat(copy).isEqualTo(record);
        assertThat(copy.record()).isNotSameAs(record.record());
    }

    @Test
    void isTheTypeFlinkExtractsAndRestoresFromItsSnapshot()
    {
        assertThat(TypeInformation.of(ContractRecord.class)).isEqualTo(ContractRecordTypeInfo.INSTANCE);
        assertThat(ContractRecordSerializer.INSTANCE.snapshotConfiguration().restoreSerializer()).isEqualTo(ContractRecordSerializer.INSTANCE);
    }
}
