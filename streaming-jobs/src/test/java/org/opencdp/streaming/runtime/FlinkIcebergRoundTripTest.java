package org.opencdp.streaming.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.source.IcebergSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.platform.config.CatalogSettings;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.streaming.io.IcebergSinks;
import org.opencdp.streaming.io.IcebergSinks.SinkOptions;
import org.opencdp.streaming.testing.JobTestBed;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class FlinkIcebergRoundTripTest
{
    private static final TableIdentifier IDENTITY_LINKS = LakehouseTables.IDENTITY_LINKS.identifier();

    @RegisterExtension
    final JobTestBed bed = JobTestBed.withoutKafka();

    @Test
    void boundedJobWritesIdentityLinksThatABatchJobReadsBack()
            throws Exception
    {
        // the bed created the project's tables the way cdp lakehouse init does; a rerun changes nothing
        assertThat(new Lakehouse(bed.catalog()).init().allUnchanged()).isTrue();
        RowType rowType = FlinkSchemaUtil.convert(bed.table(LakehouseTables.IDENTITY_LINKS).schema());
        CatalogSettings catalogSettings = bed.config().catalog();
        CatalogLoader catalogLoader = IcebergCatalogLoaders.forCatalog(catalogSettings.name(), catalogSettings.properties());

        StreamExecutionEnvironment writer = bed.environment(Duration.ofSeconds(1));
        List<RowData> links = List.of(
                link("l-1", identifier("MEMBER_CARD", "tok-card-1", true), identifier("PHONE", "tok-phone-1", true),
                        "pos_member_card", "POS", "pos-1001", "2025-03-01T08:15:30Z"),
                link("l-2", identifier("WECHAT_UNIONID", "tok-union-7", true), identifier("WECHAT_OPENID", "tok-open-7@wx1", false),
                        "login", "MINI_PROGRAM", "mp-2002", "2025-03-01T21:00:00Z"),
                link("l-3", identifier("PHONE", "tok-phone-1", true), identifier("WEB_ANONYMOUS_ID", "tok-anon-3", false),
                        "bind_phone", "WEB", "web-3003", "2025-03-02T09:45:00Z"));
        IcebergSinks.append(LakehouseTables.IDENTITY_LINKS, catalogLoader, writer.fromData(links, InternalTypeInfo.of(rowType)),
                SinkOptions.uidPrefix("identity-links-round-trip"));
        writer.execute("write identity links");

        StreamExecutionEnvironment reader = bed.environment(Duration.ofSeconds(1));
        reader.setRuntimeMode(RuntimeExecutionMode.BATCH);
        IcebergSource<RowData> source = IcebergSource.forRowData()
                .tableLoader(TableLoader.fromCatalog(catalogLoader, IDENTITY_LINKS))
                .streaming(false)
                .build();
        List<String> read = new ArrayList<>();
        try (CloseableIterator<String> rows = reader
                .fromSource(source, WatermarkStrategy.noWatermarks(), "read identity links", InternalTypeInfo.of(rowType))
                .map(FlinkIcebergRoundTripTest::describe, Types.STRING)
                .executeAndCollect("read identity links")) {
            rows.forEachRemaining(read::add);
        }

        assertThat(read).containsExactlyInAnyOrder(
                "l-1|MEMBER_CARD:tok-card-1:true|PHONE:tok-phone-1:true|pos_member_card|POS|pos-1001|2025-03-01T08:15:30Z",
                "l-2|WECHAT_UNIONID:tok-union-7:true|WECHAT_OPENID:tok-open-7@wx1:false|login|MINI_PROGRAM|mp-2002|2025-03-01T21:00:00Z",
                "l-3|PHONE:tok-phone-1:true|WEB_ANONYMOUS_ID:tok-anon-3:false|bind_phone|WEB|web-3003|2025-03-02T09:45:00Z");
    }

    private static RowData link(String linkId, RowData left, RowData right, String rule, String source, String sourceEventId, String observedAt)
    {
        return GenericRowData.of(
                StringData.fromString(linkId),
                left,
                right,
                StringData.fromString(rule),
                StringData.fromString(source),
                StringData.fromString(sourceEventId),
                TimestampData.fromInstant(Instant.parse(observedAt)));
    }

    private static RowData identifier(String type, String token, boolean verified)
    {
        return GenericRowData.of(StringData.fromString(type), StringData.fromString(token), verified);
    }

    private static String describe(RowData row)
    {
        return String.join("|",
                row.getString(0).toString(),
                describeIdentifier(row.getRow(1, 3)),
                describeIdentifier(row.getRow(2, 3)),
                row.getString(3).toString(),
                row.getString(4).toString(),
                row.getString(5).toString(),
                row.getTimestamp(6, 6).toInstant().toString());
    }

    private static String describeIdentifier(RowData identifier)
    {
        return identifier.getString(0) + ":" + identifier.getString(1) + ":" + identifier.getBoolean(2);
    }
}
