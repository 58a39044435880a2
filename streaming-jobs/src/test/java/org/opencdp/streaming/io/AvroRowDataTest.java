package org.opencdp.streaming.io;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.apache.flink.table.data.RowData;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.WebEvent;
import org.opencdp.schemas.contract.Contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroRowDataTest
{
    private static final IngestLineage LINEAGE = new IngestLineage(Instant.parse("2026-08-09T10:00:00Z"), "cdp.web.events/1/42", "run-1");

    @TempDir
    static Path home;

    private static GeneratedRecords records;

    @BeforeAll
    static void generate()
            throws Exception
    {
        records = new GeneratedRecords(CdpConfig.forHome(home), 30);
    }

    @Test
    void convertsEveryContractIntoRowsOfItsRawTableWithLineage()
    {
        for (Contract contract : Contract.events()) {
            Schema schema = LakehouseTables.raw(contract).schema();
            AvroRowData converter = AvroRowData.of(schema, contract.schema());
            List<Accepted> ofContract = records.accepted.stream().filter(accepted -> accepted.contract() == contract).toList();
            assertThat(ofContract).as(contract.name()).isNotEmpty();
            for (Accepted accepted : ofContract) {
                RowData row = converter.convert(accepted.record(), LINEAGE);
                assertThat(row.getArity()).isEqualTo(schema.columns().size());
                assertThat(row.getString(position(schema, "event_id")).toString()).isEqualTo(((org.apache.avro.generic.GenericRecord) accepted.record()).get("event_id").toString());
                assertThat(row.getTimestamp(position(schema, "event_time"), 6).toInstant()).isEqualTo(((org.apache.avro.generic.GenericRecord) accepted.record()).get("event_time"));
                RowData ingest = row.getRow(position(schema, LakehouseTables.INGEST), 3);
                assertThat(ingest.getTimestamp(0, 6).toInstant()).isEqualTo(LINEAGE.ingestedAt());
                assertThat(ingest.getString(1).toString()).isEqualTo("cdp.web.events/1/42");
                assertThat(ingest.getString(2).toString()).isEqualTo("run-1");
            }
        }
    }

    @Test
    void convertsNestedStructsListsMapsDatesAndEnums()
    {
        Schema schema = LakehouseTables.RAW_POS_TRANSACTIONS.schema();
        AvroRowData converter = AvroRowData.of(schema, Contract.POS_TRANSACTION.schema());
        PosTransaction pos = records.accepted.stream()
                .filter(accepted -> accepted.record() instanceof PosTransaction transaction && !transaction.getItems().isEmpty())
                .map(accepted -> (PosTransaction) accepted.record())
                .findFirst().orElseThrow();

        RowData row = converter.convert(pos, LINEAGE);

        assertThat(row.getString(position(schema, "transaction_type")).toString()).isEqualTo(pos.getTransactionType().name());
        assertThat(row.getInt(position(schema, "business_day"))).isEqualTo((int) ((LocalDate) pos.getBusinessDay()).toEpochDay());
        assertThat(row.getArray(position(schema, "items")).size()).isEqualTo(pos.getItems().size());
        RowData firstItem = row.getArray(position(schema, "items")).getRow(0, schema.findField("items").type().asListType()
                .elementType().asStructType().fields().size());
        assertThat(firstItem.getString(0).toString()).isEqualTo(pos.getItems().get(0).getSku().toString());
        assertThat(row.getMap(position(schema, "properties")).size()).isEqualTo(pos.getProperties().size());
        assertThat(row.getRow(position(schema, "identifiers"), schema.findField("identifiers").type().asStructType().fields().size())).isNotNull();
    }

    @Test
    void convertsDeadLettersWithTheirPayloadBytes()
    {
        Schema schema = LakehouseTables.DEAD_LETTERS.schema();
        AvroRowData converter = AvroRowData.of(schema, Contract.DEAD_LETTER.schema());
        assertThat(records.deadLettered).isNotEmpty();
        DeadLetter deadLetter = records.deadLettered.get(0).deadLetter();

        RowData row = converter.convert(deadLetter, LINEAGE);

        byte[] payload = new byte[deadLetter.getOriginalPayload().remaining()];
        deadLetter.getOriginalPayload().duplicate().get(payload);
        assertThat(row.getBinary(position(schema, "original_payload"))).isEqualTo(payload);
        assertThat(row.getString(position(schema, "reason_code")).toString()).isEqualTo(deadLetter.getReasonCode());
    }

    @Test
    void survivesJavaSerializationAsFlinkFunctionsNeed()
            throws Exception
    {
        AvroRowData converter = AvroRowData.of(LakehouseTables.RAW_WEB_EVENTS.schema(), Contract.WEB_EVENT.schema());
        AvroRowData copy = InstantiationUtil.clone(converter);
        WebEvent event = records.accepted.stream().filter(accepted -> accepted.record() instanceof WebEvent)
                .map(accepted -> (WebEvent) accepted.record()).findFirst().orElseThrow();

        assertThat(copy.convert(event, LINEAGE).toString()).isEqualTo(converter.convert(event, LINEAGE).toString());
        assertThat(copy.rowType()).isEqualTo(converter.rowType());
    }

    @Test
    void rejectsATableWhoseRequiredColumnTheContractLacks()
    {
        Schema schema = new Schema(
                Types.NestedField.required(1, "event_id", Types.StringType.get()),
                Types.NestedField.required(2, "loyalty_tier", Types.StringType.get()));

        assertThatThrownBy(() -> AvroRowData.of(schema, Contract.WEB_EVENT.schema()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loyalty_tier");
    }

    @Test
    void rejectsAColumnWhoseTypeDoesNotMatchItsField()
    {
        Schema schema = new Schema(Types.NestedField.required(1, "event_id", Types.LongType.get()));

        assertThatThrownBy(() -> AvroRowData.of(schema, Contract.WEB_EVENT.schema()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event_id");
    }

    private static int position(Schema schema, String column)
    {
        return schema.columns().indexOf(schema.findField(column));
    }
}
