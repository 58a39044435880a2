package org.opencdp.streaming.consent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.schemas.avro.ConsentAction;
import org.opencdp.schemas.avro.ConsentChannel;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.avro.ConsentPurpose;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.streaming.testing.JobTestBed;
import org.opencdp.streaming.testing.TestEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.streaming.testing.TestEvents.identifiers;

/**
 * The consent job against a real broker, a real MiniCluster and the real consent tables, read with Iceberg's
 * generic reader (which applies the equality deletes of the upserts).
 */
@Timeout(150)
class ConsentJobTest
{
    private static final List<Contract> TOPICS = List.of(Contract.CONSENT_EVENT);

    @RegisterExtension
    final JobTestBed bed = new JobTestBed();

    @Test
    void aWithdrawalProducedAtTIsInTheConsentStateBeforeTPlus60Seconds()
            throws Exception
    {
        Instant granted = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        bed.publish(Contract.CONSENT_EVENT, List.of(
                sms("c-grant", ConsentAction.GRANT, granted),
                TestEvents.consent("c-push", ConsentPurpose.MARKETING, ConsentChannel.APP_PUSH, ConsentAction.GRANT, granted,
                        identifiers().setPhone("tok-phone").setWebAnonymousId("tok-anon").build())));

        StreamExecutionEnvironment env = bed.environment(Duration.ofSeconds(2));
        new ConsentJob(bed.kafkaSettings()).build(env);
        JobClient client = env.executeAsync("consent, unbounded");
        try {
            bed.await("the SMS grant in force", client, () -> smsState().map(row -> row.getField("granted").equals(true)).orElse(false));

            Instant t = Instant.now();
            bed.publish(Contract.CONSENT_EVENT, List.of(sms("c-withdraw", ConsentAction.WITHDRAW, t)));
            Instant deadline = t.plusSeconds(60);
            boolean visible = false;
            while (!visible && Instant.now().isBefore(deadline)) {
                visible = smsState().map(row -> row.getField("action").equals("WITHDRAW")).orElse(false);
                if (!visible) {
                    Thread.sleep(250);
                }
            }
            assertThat(visible).as("the withdrawal produced at %s is in consent.state before %s", t, deadline).isTrue();

            // an older grant arriving late does not bring the consent back
            bed.publish(Contract.CONSENT_EVENT, List.of(sms("c-old-grant", ConsentAction.GRANT, granted.plusSeconds(1))));
            bed.await("every consent event in the ledger", client,
                    () -> bed.rowCount(LakehouseTables.CONSENT_LEDGER) >= 4 && bed.consumedToTheEnd(ConsentJob.GROUP_ID, TOPICS));
        }
        finally {
            client.cancel().get(30, TimeUnit.SECONDS);
        }

        List<Record> state = bed.rows(LakehouseTables.CONSENT_STATE);
        assertThat(state).extracting(row -> row.getField("channel") + ":" + row.getField("action") + ":" + row.getField("granted"))
                .containsExactlyInAnyOrder("SMS:WITHDRAW:false", "APP_PUSH:GRANT:true");
        Record sms = smsState().orElseThrow();
        assertThat(sms.getField("subject_type")).isEqualTo("PHONE");
        assertThat(sms.getField("recipient")).isEqualTo("");
        assertThat(sms.getField("event_id")).isEqualTo("c-withdraw");
        assertThat(sms.getField("policy_version")).isEqualTo("2026-03");

        assertThat(bed.rows(LakehouseTables.CONSENT_LEDGER)).extracting(row -> row.getField("event_id"))
                .containsExactlyInAnyOrder("c-grant", "c-push", "c-withdraw", "c-old-grant");
    }

    private Optional<Record> smsState()
    {
        List<Record> rows = bed.rows(LakehouseTables.CONSENT_STATE).stream()
                .filter(row -> row.getField("subject").equals("tok-phone")
                        && row.getField("purpose").equals("MARKETING")
                        && row.getField("channel").equals("SMS"))
                .toList();
        assertThat(rows).as("rows of one consent key").hasSizeLessThanOrEqualTo(1);
        return rows.stream().findFirst();
    }

    private static ConsentEvent sms(String eventId, ConsentAction action, Instant capturedAt)
    {
        return TestEvents.consent(eventId, ConsentPurpose.MARKETING, ConsentChannel.SMS, action, capturedAt,
                identifiers().setPhone("tok-phone").build());
    }
}
