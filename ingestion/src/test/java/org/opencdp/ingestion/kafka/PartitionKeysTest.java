package org.opencdp.ingestion.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.avro.Identifiers;
import org.opencdp.schemas.avro.IdentityLink;
import org.opencdp.schemas.avro.WebEvent;

class PartitionKeysTest {
    @Test
    void keysAnEventByItsStrongestIdentifier() {
        Identifiers.Builder all = Identifiers.newBuilder()
                .setMemberCard("t-card").setPhone("t-phone").setWechatUnionid("t-union").setAlipayId("t-alipay")
                .setEmail("t-email").setWechatOpenid("t-openid").setWechatAppid("wx-app").setOaid("t-oaid")
                .setIdfa("t-idfa").setAndroidId("t-android").setWebAnonymousId("t-anon").setPaymentToken("t-pay");

        assertThat(PartitionKeys.eventKey(event(all))).isEqualTo("t-card");
        assertThat(PartitionKeys.eventKey(event(all.setMemberCard(null)))).isEqualTo("t-phone");
        assertThat(PartitionKeys.eventKey(event(all.setPhone(" ")))).as("blank counts as absent").isEqualTo("t-union");
        assertThat(PartitionKeys.eventKey(event(all.setWechatUnionid(null)))).isEqualTo("t-alipay");
        assertThat(PartitionKeys.eventKey(event(all.setAlipayId(null)))).isEqualTo("t-email");
        assertThat(PartitionKeys.eventKey(event(all.setEmail(null)))).isEqualTo("t-openid");
        assertThat(PartitionKeys.eventKey(event(all.setWechatOpenid(null)))).as("never the clear appid").isEqualTo("t-oaid");
        assertThat(PartitionKeys.eventKey(event(all.setOaid(null)))).isEqualTo("t-idfa");
        assertThat(PartitionKeys.eventKey(event(all.setIdfa(null)))).isEqualTo("t-android");
        assertThat(PartitionKeys.eventKey(event(all.setAndroidId(null)))).isEqualTo("t-anon");
        assertThat(PartitionKeys.eventKey(event(all.setWebAnonymousId(null)))).isEqualTo("t-pay");
        assertThat(PartitionKeys.eventKey(event(all.setPaymentToken(null)))).isEqualTo("w-1");
    }

    @Test
    void keysADeadLetterByItsSource() {
        DeadLetter deadLetter = DeadLetter.newBuilder().setDeadLetterId("d").setReasonCode("MALFORMED_JSON")
                .setMessage("m").setSource("pos").setStage("importer").setReceivedAt(Instant.EPOCH)
                .setOriginalPayload(java.nio.ByteBuffer.allocate(0)).build();

        assertThat(PartitionKeys.deadLetterKey(deadLetter)).isEqualTo("pos");
    }

    @Test
    void refusesARecordThatIsNoEvent() {
        assertThatThrownBy(() -> PartitionKeys.eventKey(new IdentityLink()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IdentityLink is not an event record");
    }

    private static WebEvent event(Identifiers.Builder identifiers) {
        return WebEvent.newBuilder().setEventId("w-1").setEventTime(Instant.EPOCH).setEventType("x")
                .setIdentifiers(identifiers.build()).build();
    }
}
