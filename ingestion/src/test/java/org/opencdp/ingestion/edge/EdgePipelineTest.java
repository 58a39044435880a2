package org.opencdp.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.decode.ReasonCode;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.ingestion.vault.PayloadSealer;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.MiniProgramEvent;
import org.opencdp.schemas.avro.WebEvent;
import org.opencdp.schemas.contract.Contract;

class EdgePipelineTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    private final Tokenizer tokenizer = new Tokenizer("key-2024", randomKey());
    private final PayloadSealer sealer = PayloadSealer.ephemeral();
    private final EdgePipeline pipeline = new EdgePipeline(
            JsonEventDecoder.withDefaults(), new IdentifierTokenizer(tokenizer), Clock.fixed(NOW, ZoneOffset.UTC), sealer);

    @Test
    void acceptsAValidEventWithServerTimeAndTokenizedIdentifiers() {
        EdgeBatch batch = pipeline.newBatch("b1", IngestStage.COLLECTOR);

        EdgeOutcome outcome = batch.process(Contract.WEB_EVENT, bytes("""
                {"event_id": "w-1", "event_type": "login", "event_time": "2024-05-01T18:09:00+08:00",
                 "sent_at": "2024-05-01T18:10:00+08:00",
                 "identifiers": {"phone": "+86 138-0013-8000", "email": "Li.Lei@Example.com", "web_anonymous_id": "anon-1"}}
                """));

        assertThat(outcome).isInstanceOf(Accepted.class);
        WebEvent event = (WebEvent) ((Accepted) outcome).record();
        assertThat(event.getReceivedAt()).isEqualTo(NOW);
        assertThat(event.getEventTime()).isEqualTo(NOW.minusSeconds(60));
        assertThat(event.getClientEventTime()).isEqualTo(Instant.parse("2024-05-01T10:09:00Z"));
        assertThat(event.getIdentifiers().getPhone()).isEqualTo(tokenizer.token(IdentifierType.PHONE, "13800138000"));
        assertThat(event.getIdentifiers().getTokenizationKeyId()).isEqualTo("key-2024");
        assertThat(event.toString()).doesNotContain("13800138000", "138-0013", "Li.Lei", "example.com", "anon-1");
    }

    @Test
    void deadLettersARejectedPayloadWithItsExactBytes() {
        EdgeBatch batch = pipeline.newBatch("b2", IngestStage.IMPORTER);
        byte[] payload = bytes("{\"event_id\": \"p-1\", \"identifiers\": {\"phone\": \"13800138000\"}, \"event_time\": \"nope\"}\r\n");

        EdgeOutcome outcome = batch.process(Contract.POS_TRANSACTION, payload);

        assertThat(outcome).isInstanceOf(DeadLettered.class);
        DeadLetter deadLetter = ((DeadLettered) outcome).deadLetter();
        assertThat(deadLetter.getReasonCode()).isEqualTo("INVALID_VALUE");
        assertThat(deadLetter.getField()).isEqualTo("event_time");
        assertThat(deadLetter.getSource()).isEqualTo("pos");
        assertThat(deadLetter.getStage()).isEqualTo("importer");
        assertThat(deadLetter.getEventId()).isEqualTo("p-1");
        assertThat(deadLetter.getReceivedAt()).isEqualTo(NOW);
        assertThat(deadLetter.getPayloadKeyId()).isEqualTo(sealer.keyId());
        assertThat(bytesOf(deadLetter.getOriginalPayload())).as("sealed: rejected input was never tokenized").isNotEqualTo(payload);
        assertThat(sealer.open(deadLetter.getDeadLetterId(), deadLetter.getPayloadKeyId(), bytesOf(deadLetter.getOriginalPayload()))).isEqualTo(payload);
        assertThatThrownBy(() -> sealer.open("another dead letter", deadLetter.getPayloadKeyId(), bytesOf(deadLetter.getOriginalPayload())))
                .as("the dead letter id is bound to its payload")
                .hasMessageContaining("does not decrypt");
        assertThat(deadLetter.getDeadLetterId())
                .as("deterministic, so a replay of the same batch yields the same dead letters")
                .isEqualTo(((DeadLettered) pipeline.newBatch("b2", IngestStage.IMPORTER)
                        .process(Contract.POS_TRANSACTION, payload)).deadLetter().getDeadLetterId());
    }

    @Test
    void rejectsTheSecondOccurrenceOfAnEventIdInABatch() {
        EdgeBatch batch = pipeline.newBatch("b3", IngestStage.COLLECTOR);
        byte[] event = bytes("{\"event_id\": \"w-7\", \"event_type\": \"x\", \"event_time\": 1714557600000, \"identifiers\": {}}");

        EdgeOutcome first = batch.process(Contract.WEB_EVENT, event);
        EdgeOutcome second = batch.process(Contract.WEB_EVENT, event);
        EdgeOutcome inAnotherBatch = pipeline.newBatch("b4", IngestStage.COLLECTOR).process(Contract.WEB_EVENT, event);

        assertThat(first).isInstanceOf(Accepted.class);
        assertThat(second).isInstanceOfSatisfying(DeadLettered.class, rejected -> {
            assertThat(rejected.rejection().reasonCode()).isEqualTo(ReasonCode.DUPLICATE_EVENT);
            assertThat(rejected.deadLetter().getEventId()).isEqualTo("w-7");
        });
        assertThat(inAnotherBatch).isInstanceOf(Accepted.class);
    }

    @Test
    void rejectsEventsFromTheFuture() {
        EdgeOutcome outcome = pipeline.newBatch("b5", IngestStage.COLLECTOR).process(Contract.WEB_EVENT,
                bytes("{\"event_id\": \"w-8\", \"event_type\": \"x\", \"event_time\": \"2024-05-02T10:00:00Z\", \"identifiers\": {}}"));

        assertThat(((DeadLettered) outcome).deadLetter().getReasonCode()).isEqualTo("FUTURE_TIMESTAMP");
    }

    @Test
    void tokenizesTheSharersOpenidOfAMiniProgramEvent() {
        EdgeOutcome outcome = pipeline.newBatch("b6", IngestStage.COLLECTOR).process(Contract.MINI_PROGRAM_EVENT, bytes("""
                {"event_id": "m-1", "event_type": "page_view", "event_time": 1714557600000, "shared_by": "open-friend",
                 "identifiers": {"wechat_openid": "open-me", "wechat_appid": "wx1"}}
                """));

        MiniProgramEvent event = (MiniProgramEvent) ((Accepted) outcome).record();
        assertThat(event.getSharedBy()).isEqualTo(tokenizer.token(IdentifierType.WECHAT_OPENID, "open-friend@wx1"));
        assertThat(event.getIdentifiers().getWechatOpenid()).isEqualTo(tokenizer.token(IdentifierType.WECHAT_OPENID, "open-me@wx1"));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
