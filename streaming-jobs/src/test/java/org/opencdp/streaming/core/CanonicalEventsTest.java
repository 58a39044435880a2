package org.opencdp.streaming.core;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.opencdp.identity.links.TypedIdentifier;
import org.opencdp.schemas.avro.ConsentAction;
import org.opencdp.schemas.avro.ConsentChannel;
import org.opencdp.schemas.avro.ConsentPurpose;
import org.opencdp.schemas.avro.TransactionType;

import org.opencdp.streaming.testing.TestEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.streaming.testing.TestEvents.identifiers;

class CanonicalEventsTest
{
    private static final Instant AT = Instant.parse("2026-05-01T10:15:30Z");

    @Test
    void aWebOrderKeepsItsTypeCommerceContextAndProperties()
    {
        CanonicalEvent event = CanonicalEvents.of(TestEvents.webOrder("w-1", AT,
                identifiers().setWebAnonymousId("tok-anon").setMemberCard("tok-card").build()));

        assertThat(event.eventId()).isEqualTo("w-1");
        assertThat(event.source()).isEqualTo("WEB");
        assertThat(event.eventType()).isEqualTo("order");
        assertThat(event.eventTime()).isEqualTo(AT);
        assertThat(event.receivedAt()).isEqualTo(AT.plusSeconds(1));
        assertThat(event.channel()).isEqualTo("web");
        assertThat(event.storeId()).isEqualTo("S012");
        assertThat(event.appId()).isEqualTo("shop.example");
        assertThat(event.orderId()).isEqualTo("o-w-1");
        assertThat(event.amountMinor()).isEqualTo(12_900L);
        assertThat(event.currency()).isEqualTo("CNY");
        assertThat(event.identifiers()).containsExactly(
                new TypedIdentifier("MEMBER_CARD", "tok-card", true),
                new TypedIdentifier("WEB_ANONYMOUS_ID", "tok-anon", false));
        assertThat(event.properties())
                .containsEntry("campaign", "spring")
                .containsEntry("page_url", "https://shop.example/p/42")
                .containsEntry("session_id", "s-w-1")
                .containsEntry("item_count", "1")
                .doesNotContainKey("referrer");
    }

    @Test
    void aPosTransactionBecomesAPosSaleOrReturnOfItsStoreWithTheReceiptAsOrder()
    {
        CanonicalEvent sale = CanonicalEvents.of(TestEvents.pos("p-1", TransactionType.SALE, AT,
                identifiers().setMemberCard("tok-card").setPaymentToken("tok-pay").build()));
        CanonicalEvent refund = CanonicalEvents.of(TestEvents.pos("p-2", TransactionType.RETURN, AT, identifiers().build()));

        assertThat(sale.source()).isEqualTo("POS");
        assertThat(sale.eventType()).isEqualTo("pos_sale");
        assertThat(refund.eventType()).isEqualTo("pos_return");
        assertThat(sale.channel()).isEqualTo("store");
        assertThat(sale.storeId()).isEqualTo("S001");
        assertThat(sale.orderId()).isEqualTo("T-p-1");
        assertThat(sale.amountMinor()).isEqualTo(8_800L);
        assertThat(refund.amountMinor()).isEqualTo(-4_500L);
        assertThat(sale.currency()).isEqualTo("CNY");
        assertThat(sale.properties())
                .containsEntry("terminal_id", "POS-3")
                .containsEntry("payment_method", "bank_card")
                .containsEntry("item_count", "2");
        assertThat(sale.identifiers()).extracting(TypedIdentifier::type).containsExactly("MEMBER_CARD", "PAYMENT_TOKEN");
        assertThat(refund.identifiers()).isEmpty();
    }

    @Test
    void aMiniProgramEventKeepsTheOpenidTokenAsItIsAndFallsBackToItsAppid()
    {
        CanonicalEvent event = CanonicalEvents.of(TestEvents.miniProgram("m-1", "authorize_phone", AT, identifiers()
                .setWechatOpenid("tok-openid@wx123")
                .setWechatAppid("wx123")
                .setWechatUnionid("tok-union")
                .setPhone("tok-phone")
                .setPhoneVerified(true)
                .build()));

        assertThat(event.source()).isEqualTo("MINI_PROGRAM");
        assertThat(event.channel()).isEqualTo("mini_program");
        assertThat(event.appId()).isEqualTo("wx123");
        assertThat(event.identifiers()).containsExactly(
                new TypedIdentifier("PHONE", "tok-phone", true),
                new TypedIdentifier("WECHAT_UNIONID", "tok-union", true),
                new TypedIdentifier("WECHAT_OPENID", "tok-openid@wx123", true));
        assertThat(event.properties()).containsEntry("scene", "1011").containsEntry("page_path", "pages/index");
    }

    @Test
    void aConsentEventIsAnEventNamedAfterItsAction()
    {
        CanonicalEvent event = CanonicalEvents.of(TestEvents.consent("c-1", ConsentPurpose.MARKETING, ConsentChannel.SMS,
                ConsentAction.WITHDRAW, AT, identifiers().setPhone("tok-phone").build()));

        assertThat(event.source()).isEqualTo("APP");
        assertThat(event.eventType()).isEqualTo("consent_withdraw");
        assertThat(event.orderId()).isNull();
        assertThat(event.properties())
                .containsEntry("purpose", "MARKETING")
                .containsEntry("consent_channel", "SMS")
                .containsEntry("action", "WITHDRAW")
                .containsEntry("policy_version", "2026-03");
        assertThat(event.identifiers()).containsExactly(new TypedIdentifier("PHONE", "tok-phone", false));
    }

    @Test
    void aContractFieldWinsOverAFreeFormPropertyOfTheSameName()
    {
        CanonicalEvent event = CanonicalEvents.of(org.opencdp.schemas.avro.WebEvent.newBuilder(
                        TestEvents.web("w-2", "page_view", AT, identifiers().build()))
                .setProperties(java.util.Map.of("page_url", "spoofed"))
                .build());

        assertThat(event.properties()).containsEntry("page_url", "https://shop.example/p/42");
    }

    @Test
    void latenessIsJudgedAgainstTheWatermark()
    {
        assertThat(DeduplicateRows.isLate(1_000L, Long.MIN_VALUE)).as("before the first watermark").isFalse();
        assertThat(DeduplicateRows.isLate(null, 5_000L)).as("without a timestamp").isFalse();
        assertThat(DeduplicateRows.isLate(5_001L, 5_000L)).isFalse();
        assertThat(DeduplicateRows.isLate(5_000L, 5_000L)).isTrue();
        assertThat(DeduplicateRows.isLate(1_000L, 5_000L)).isTrue();
    }
}
