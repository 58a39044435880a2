package org.opencdp.streaming.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.schemas.avro.TransactionType;
import org.opencdp.schemas.avro.WebEvent;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.streaming.testing.JobTestBed;
import org.opencdp.streaming.testing.TestEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.streaming.testing.TestEvents.identifiers;

/** Identity-link extraction against a real broker, a real MiniCluster (a bounded run) and the real {@code identity.links} table. */
@Timeout(120)
class IdentityLinksJobTest
{
    private static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");

    @RegisterExtension
    final JobTestBed bed = new JobTestBed();

    @Test
    void aLoginAndAPosBasketWithCardAndPaymentTokenYieldTheirEdgesOnce()
            throws Exception
    {
        WebEvent login = TestEvents.web("w-login", "login", AT, identifiers().setWebAnonymousId("tok-anon").setMemberCard("tok-card").build());
        // the login is sent twice: its edges land once
        bed.publish(Contract.WEB_EVENT, List.of(
                login,
                TestEvents.web("w-view", "page_view", AT, identifiers().setWebAnonymousId("tok-anon").build()),
                login));
        bed.publish(Contract.POS_TRANSACTION, List.of(TestEvents.pos("p-basket", TransactionType.SALE, AT.plusSeconds(60),
                identifiers().setMemberCard("tok-card").setPaymentToken("tok-pay").build())));

        StreamExecutionEnvironment env = bed.environment(Duration.ofSeconds(1));
        new IdentityLinksJob(bed.kafkaSettings().withBounded(true)).build(env);
        env.execute("identity links, bounded");

        List<Record> links = bed.rows(LakehouseTables.IDENTITY_LINKS);
        assertThat(links).extracting(IdentityLinksJobTest::describe).containsExactlyInAnyOrder(
                "MEMBER_CARD:tok-card:true|WEB_ANONYMOUS_ID:tok-anon:false|login|WEB|w-login|2026-05-01T10:00:00Z",
                "MEMBER_CARD:tok-card:true|PAYMENT_TOKEN:tok-pay:false|pos_member_card|POS|p-basket|2026-05-01T10:01:00Z");
        assertThat(links).extracting(link -> link.getField("link_id")).doesNotHaveDuplicates();
    }

    private static String describe(Record link)
    {
        return String.join("|",
                identifier((Record) link.getField("left")),
                identifier((Record) link.getField("right")),
                (String) link.getField("rule"),
                (String) link.getField("source"),
                (String) link.getField("source_event_id"),
                ((java.time.OffsetDateTime) link.getField("observed_at")).toInstant().toString());
    }

    private static String identifier(Record identifier)
    {
        return identifier.getField("type") + ":" + identifier.getField("token") + ":" + identifier.getField("verified");
    }
}
