package org.opencdp.streaming.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.TransactionType;
import org.opencdp.schemas.avro.WebEvent;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.streaming.testing.JobTestBed;
import org.opencdp.streaming.testing.TestEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.streaming.testing.TestEvents.identifiers;

/**
 * Canonical events against a real broker, a real MiniCluster and real Iceberg tables: duplicates land once, within
 * the horizon and after a restart from a savepoint; late events land, flagged.
 */
@Timeout(180)
class CoreEventsJobTest
{
    private static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");
    private static final List<Contract> TOPICS = List.of(Contract.WEB_EVENT, Contract.POS_TRANSACTION);

    @RegisterExtension
    final JobTestBed bed = new JobTestBed();

    @Test
    void eventsSentTwiceLandOnceWithinTheHorizonAndAgainAfterARestartFromASavepoint()
            throws Exception
    {
        List<WebEvent> web = webEvents("w-", 30, AT);
        List<PosTransaction> pos = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pos.add(TestEvents.pos("p-" + i, TransactionType.SALE, AT.plusMillis(i * 10L),
                    identifiers().setMemberCard("tok-card-" + i).setPaymentToken("tok-pay-" + i).build()));
        }
        publishAll(web, pos);
        publishAll(web, pos);

        StreamExecutionEnvironment env = bed.environment(Duration.ofSeconds(1));
        job().build(env);
        JobClient client = env.executeAsync("core events before the savepoint");
        String savepoint;
        try {
            bed.await("40 events and every record consumed", client,
                    () -> bed.rowCount(LakehouseTables.CORE_EVENTS) >= 40 && bed.consumedToTheEnd(CoreEventsJob.GROUP_ID, TOPICS));
        }
        finally {
            savepoint = bed.stopWithSavepoint(client);
        }
        assertThat(eventIds()).hasSize(40).doesNotHaveDuplicates();

        // the same events once more, after the restart, and a few new ones
        publishAll(web, pos);
        List<WebEvent> fresh = webEvents("w-new-", 5, AT.plusSeconds(1));
        bed.publish(Contract.WEB_EVENT, fresh);
        StreamExecutionEnvironment again = bed.environmentFromSavepoint(Duration.ofSeconds(1), savepoint);
        job().build(again);
        JobClient resumed = again.executeAsync("core events from the savepoint");
        try {
            bed.await("45 events and every record consumed", resumed,
                    () -> bed.rowCount(LakehouseTables.CORE_EVENTS) >= 45 && bed.consumedToTheEnd(CoreEventsJob.GROUP_ID, TOPICS));
        }
        finally {
            resumed.cancel().get(30, TimeUnit.SECONDS);
        }

        assertThat(eventIds()).hasSize(45).doesNotHaveDuplicates();
        Map<String, Record> rows = bed.rows(LakehouseTables.CORE_EVENTS).stream()
                .collect(Collectors.toMap(row -> (String) row.getField("event_id"), Function.identity()));
        assertThat(rows.values()).allSatisfy(row -> assertThat(row.getField("is_late")).isEqualTo(false));
        Record sale = rows.get("p-3");
        assertThat(sale.getField("source")).isEqualTo("POS");
        assertThat(sale.getField("event_type")).isEqualTo("pos_sale");
        assertThat(sale.getField("store_id")).isEqualTo("S001");
        assertThat(sale.getField("order_id")).isEqualTo("T-p-3");
        assertThat(sale.getField("amount_minor")).isEqualTo(8_800L);
        assertThat(sale.getField("currency")).isEqualTo("CNY");
        assertThat(sale.getField("ingested_at")).isNotNull();
        assertThat(identifierList(sale)).containsExactly("MEMBER_CARD:tok-card-3:true", "PAYMENT_TOKEN:tok-pay-3:false");
        assertThat(rows.get("w-new-2").getField("event_type")).isEqualTo("page_view");
    }

    @Test
    void eventsBehindTheWatermarkLandFlaggedAsLate()
            throws Exception
    {
        List<WebEvent> onTime = webEvents("w-", 20, AT);
        bed.publish(Contract.WEB_EVENT, onTime);

        StreamExecutionEnvironment env = bed.environment(Duration.ofSeconds(1));
        env.getConfig().setAutoWatermarkInterval(10);
        new CoreEventsJob(settings().withMaxOutOfOrderness(Duration.ofSeconds(2)).withIdleTimeout(Duration.ofSeconds(1))).build(env);
        JobClient client = env.executeAsync("core events with late arrivals");
        try {
            bed.await("the events on time and every record consumed", client,
                    () -> bed.rowCount(LakehouseTables.CORE_EVENTS) >= 20 && bed.consumedToTheEnd(CoreEventsJob.GROUP_ID, TOPICS));
            // one more a minute later, while the other partitions are idle: by the time it is committed (a checkpoint
            // later), the watermark it raises (emitted every 10 ms while its partition is active) has passed the
            // deduplication step, which the first events' may not have done before every partition went idle
            bed.publish(Contract.WEB_EVENT, webEvents("w-next-", 1, AT.plus(Duration.ofMinutes(1))));
            bed.await("the event a minute later", client, () -> bed.rowCount(LakehouseTables.CORE_EVENTS) >= 21);
            // an hour behind the events seen so far, far beyond the allowed out-of-orderness
            bed.publish(Contract.WEB_EVENT, webEvents("w-late-", 5, AT.minus(Duration.ofHours(1))));
            bed.await("the late events", client, () -> bed.rowCount(LakehouseTables.CORE_EVENTS) >= 26);
        }
        finally {
            client.cancel().get(30, TimeUnit.SECONDS);
        }

        Map<String, Object> late = bed.rows(LakehouseTables.CORE_EVENTS).stream()
                .collect(Collectors.toMap(row -> (String) row.getField("event_id"), row -> row.getField("is_late")));
        assertThat(late).hasSize(26);
        late.forEach((eventId, isLate) -> assertThat(isLate).as(eventId).isEqualTo(eventId.startsWith("w-late-")));
    }

    private CoreEventsJob.Settings settings()
    {
        return CoreEventsJob.Settings.of(bed.kafkaSettings());
    }

    private CoreEventsJob job()
    {
        return new CoreEventsJob(settings());
    }

    private void publishAll(List<WebEvent> web, List<PosTransaction> pos)
    {
        bed.publish(Contract.WEB_EVENT, web);
        bed.publish(Contract.POS_TRANSACTION, pos);
    }

    private List<String> eventIds()
    {
        return bed.rows(LakehouseTables.CORE_EVENTS).stream().map(row -> (String) row.getField("event_id")).toList();
    }

    private static List<WebEvent> webEvents(String prefix, int count, Instant from)
    {
        List<WebEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(TestEvents.web(prefix + i, "page_view", from.plusMillis(i * 10L),
                    identifiers().setWebAnonymousId("tok-anon-" + i).build()));
        }
        return events;
    }

    @SuppressWarnings("unchecked")
    private static List<String> identifierList(Record row)
    {
        return ((List<Record>) row.getField("identifiers")).stream()
                .map(identifier -> identifier.getField("type") + ":" + identifier.getField("token") + ":" + identifier.getField("verified"))
                .toList();
    }
}
