package org.opencdp.platform.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.contract.Contract;

class LakehouseTablesTest {
    @Test
    void everyEventContractAndTheDeadLetterContractHaveARawTable() {
        for (Contract contract : Contract.events()) {
            assertThat(LakehouseTables.raw(contract).identifier().namespace()).isEqualTo(LakehouseTables.RAW);
        }
        assertThat(LakehouseTables.raw(Contract.WEB_EVENT).name()).isEqualTo("raw.web_events");
        assertThat(LakehouseTables.raw(Contract.MINI_PROGRAM_EVENT).name()).isEqualTo("raw.mini_program_events");
        assertThat(LakehouseTables.raw(Contract.POS_TRANSACTION).name()).isEqualTo("raw.pos_transactions");
        assertThat(LakehouseTables.raw(Contract.DEAD_LETTER)).isSameAs(LakehouseTables.DEAD_LETTERS);
        assertThatThrownBy(() -> LakehouseTables.raw(Contract.IDENTITY_LINK))
                .hasMessageContaining("IDENTITY_LINK has no raw table");
    }

    @Test
    void theLayoutListsEveryTableOnce() {
        assertThat(LakehouseTables.all()).extracting(TableSpec::name).containsExactly(
                "raw.web_events", "raw.app_events", "raw.mini_program_events", "raw.pos_transactions",
                "raw.consent_events", "raw.dead_letters", "core.events", "identity.links", "identity.graph", "identity.members",
                "identity.aliases", "identity.quarantine", "identity.conflicts", "identity.marks", "identity.runs", "consent.ledger",
                "consent.state", "profile.members");
        assertThat(LakehouseTables.byName("core.events")).contains(LakehouseTables.CORE_EVENTS);
    }

    @Test
    void contractTimestampsAreInstantsAndEnumsAreStrings() {
        Schema web = LakehouseTables.RAW_WEB_EVENTS.schema();
        assertThat(web.findType("event_time")).isEqualTo(Types.TimestampType.withZone());
        assertThat(web.findType("received_at")).isEqualTo(Types.TimestampType.withZone());
        assertThat(web.findType("source")).isEqualTo(Types.StringType.get());
        assertThat(LakehouseTables.RAW_CONSENT_EVENTS.schema().findType("purpose")).isEqualTo(Types.StringType.get());
        assertThat(LakehouseTables.IDENTITY_LINKS.schema().findType("left.type")).isEqualTo(Types.StringType.get());

        for (TableSpec spec : LakehouseTables.all()) {
            TypeUtil.indexById(spec.schema().asStruct()).values().forEach(field ->
                    assertThat(field.type())
                            .as("%s.%s", spec.name(), field.name())
                            .isNotEqualTo(Types.TimestampType.withoutZone()));
        }
    }

    @Test
    void rawTablesCarryIngestLineage() {
        for (Contract contract : List.of(Contract.WEB_EVENT, Contract.POS_TRANSACTION, Contract.DEAD_LETTER)) {
            Schema schema = LakehouseTables.raw(contract).schema();
            assertThat(schema.findType("_ingest.ingested_at")).isEqualTo(Types.TimestampType.withZone());
            assertThat(schema.findType("_ingest.origin")).isEqualTo(Types.StringType.get());
            assertThat(schema.findType("_ingest.batch_id")).isEqualTo(Types.StringType.get());
        }
        assertThat(LakehouseTables.PROFILE_MEMBERS.schema().findField("_ingest")).isNull();
    }

    @Test
    void derivingASchemaTwiceGivesTheSameFieldIds() {
        Schema first = LakehouseTables.icebergSchema(Contract.POS_TRANSACTION);
        Schema second = LakehouseTables.icebergSchema(Contract.POS_TRANSACTION);
        assertThat(second.sameSchema(first)).isTrue();
        assertThat(first.findField("event_id").fieldId()).isEqualTo(1);
        assertThat(first.highestFieldId()).isEqualTo(TypeUtil.indexById(first.asStruct()).size());
    }

    @Test
    void partitioningAndPropertiesFollowTheLayout() {
        assertThat(LakehouseTables.RAW_APP_EVENTS.partitionSpec().fields())
                .extracting(field -> field.transform().toString() + "(" + field.name() + ")")
                .containsExactly("day(event_time_day)");
        assertThat(LakehouseTables.DEAD_LETTERS.partitionSpec().fields())
                .extracting(field -> field.transform().toString())
                .containsExactly("day", "identity");
        assertThat(LakehouseTables.CORE_EVENTS.partitionSpec().fields()).hasSize(2);
        assertThat(LakehouseTables.CONSENT_LEDGER.partitionSpec().fields())
                .extracting(field -> field.transform().toString())
                .containsExactly("month");
        assertThat(LakehouseTables.PROFILE_MEMBERS.partitionSpec().isUnpartitioned()).isTrue();
        assertThat(LakehouseTables.PROFILE_MEMBERS.sortOrder().fields()).hasSize(1);

        for (TableSpec spec : LakehouseTables.all()) {
            assertThat(spec.properties())
                    .containsEntry("format-version", "2")
                    .containsEntry("write.parquet.compression-codec", "zstd")
                    .containsEntry("write.target-file-size-bytes", "134217728")
                    .containsEntry("write.metadata.delete-after-commit.enabled", "true")
                    .containsEntry("comment", spec.description())
                    .containsKey("write.metadata.previous-versions-max");
        }
    }

    @Test
    void handWrittenTablesHaveTheirIdentifierLists() {
        Type identifiers = LakehouseTables.CORE_EVENTS.schema().findType("identifiers");
        assertThat(identifiers.isListType()).isTrue();
        assertThat(identifiers.asListType().elementType().asStructType().fields())
                .extracting(Types.NestedField::name)
                .containsExactly("type", "token", "verified");
        assertThat(LakehouseTables.CONSENT_LEDGER.schema().findType("subject_identifiers").isListType()).isTrue();
        assertThat(LakehouseTables.CONSENT_LEDGER.schema().findType("evidence.method")).isEqualTo(Types.StringType.get());
    }

    @Test
    void consentStateIsKeyedBySubjectPurposeChannelAndRecipient() {
        Schema schema = LakehouseTables.CONSENT_STATE.schema();
        assertThat(schema.identifierFieldNames()).containsExactlyInAnyOrder("subject", "purpose", "channel", "recipient");
        assertThat(LakehouseTables.CONSENT_STATE.properties()).containsEntry("write.upsert.enabled", "true");
    }
}
