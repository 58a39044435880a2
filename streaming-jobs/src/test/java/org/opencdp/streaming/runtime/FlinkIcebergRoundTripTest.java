package org.opencdp.streaming.runtime;

import java.nio.file.Path;
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
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.iceberg.flink.source.IcebergSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CatalogSettings;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.platform.lakehouse.LakehouseTables;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class FlinkIcebergRoundTripTest
{
    private static final TableIdentifier IDENTITY_LINKS = LakehouseTables.IDENTITY_LINKS.identifier();

    @TempDir
    Path home;

    @Test
    void boundedJobWritesIdentityLinksThatABatchJobReadsBack()
            throws Exception
    {
        CdpConfig config = CdpConfig.forHome(home);
        CatalogSettings catalogSettings = config.catalog();
        RowType rowType = initLakehouse(catalogSettings);
        CatalogLoader catalogLoader = IcebergCatalogLoaders.forCatalog(catalogSettings.name(), catalogSettings.properties());
        FlinkRuntime runtime = new FlinkRuntime(FlinkRuntimeSettings.from(config)
                .withRestPort(0)
                .withCheckpointInterval(Duration.ofSeconds(1))
                .withRestartStrategy("none"));

        StreamExecutionEnvironment writer = runtime.streamEnvironment();
        List<RowData> links = List.of(
                link("l-1", identifier("MEMBER_CARD", "tok-card-1", true), identifier("PHONE", "tok-phone-1", true),
                        "pos_member_card", "POS", "pos-1001", "2025-03-01T08:15:30Z"),
                link("l-2", identifier("WECHAT_UNIONID", "tok-union-7", true), identifier("WECHAT_OPENID", "tok-open-7@wx1", false),
                        "login", "MINI_PROGRAM", "mp-2002", "2025-03-01T21:00:00Z"),
                link("l-3", identifier("PHONE", "tok-phone-1", true), identifier("WEB_ANONYMOUS_ID", "tok-anon-3", false),
                        "bind_phone", "WEB", "web-3003", "2025-03-02T09:45:00Z"));
        FlinkSink.forRowData(writer.fromData(links, InternalTypeInfo.of(rowType)))
                .tableLoader(TableLoader.fromCatalog(catalogLoader, IDENTITY_LINKS))
                .append();
        writer.execute("write identity links");

        StreamExecutionEnvironment reader = runtime.streamEnvironment();
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

    /** Creates the project's tables the way {@code cdp lakehouse init} does (twice, as a rerun would) and returns the Flink row type of identity.links. */
    private static RowType initLakehouse(CatalogSettings catalogSettings)
            throws Exception
    {
        Catalog catalog = Catalogs.open(catalogSettings);
        try {
            Lakehouse lakehouse = new Lakehouse(catalog);
            lakehouse.init();
            assertThat(lakehouse.init().allUnchanged()).isTrue();
            Table table = lakehouse.load(LakehouseTables.IDENTITY_LINKS);
            return FlinkSchemaUtil.convert(table.schema());
        }
        finally {
            if (catalog instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
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
