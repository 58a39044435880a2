package org.opencdp.identity.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.avro.ConsentAction;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.avro.ConsentEvidence;
import org.opencdp.schemas.avro.ConsentPurpose;
import org.opencdp.schemas.avro.Identifiers;
import org.opencdp.schemas.avro.IdentityLink;
import org.opencdp.schemas.avro.LineItem;
import org.opencdp.schemas.avro.MiniProgramEvent;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.Source;
import org.opencdp.schemas.avro.TransactionType;
import org.opencdp.schemas.avro.WebEvent;

class LinkExtractorTest {
    private static final Instant AT = Instant.parse("2026-05-01T10:15:30Z");

    @Test
    void aLoginLinksTheAnonymousVisitorToTheMemberWithTheLoginRule() {
        List<IdentityLink> links = LinkExtractor.links(web("w-login", "login",
                identifiers().setWebAnonymousId("tok-anon").setMemberCard("tok-card").build()));

        assertThat(links).hasSize(1);
        IdentityLink link = links.get(0);
        assertThat(describe(link)).isEqualTo("MEMBER_CARD:tok-card:true -> WEB_ANONYMOUS_ID:tok-anon:false");
        assertThat(link.getRule()).isEqualTo("login");
        assertThat(link.getSource()).isEqualTo(Source.WEB);
        assertThat(link.getSourceEventId()).isEqualTo("w-login");
        assertThat(link.getObservedAt()).isEqualTo(AT);
        assertThat(link.getLinkId()).hasSize(32).matches("[0-9a-f]+");
    }

    @Test
    void aPosBasketWithACardAndAPaymentTokenYieldsAMemberCardEdge() {
        List<IdentityLink> links = LinkExtractor.links(pos("p-1", identifiers().setPaymentToken("tok-pay").setMemberCard("tok-card").build()));

        assertThat(links).extracting(LinkExtractorTest::describe)
                .containsExactly("MEMBER_CARD:tok-card:true -> PAYMENT_TOKEN:tok-pay:false");
        assertThat(links).extracting(IdentityLink::getRule).containsExactly("pos_member_card");
        assertThat(links).extracting(IdentityLink::getSource).containsExactly(Source.POS);
    }

    @Test
    void aPosBasketWithoutACardIsASameEventLink() {
        List<IdentityLink> links = LinkExtractor.links(pos("p-2", identifiers().setPaymentToken("tok-pay").setPhone("tok-phone").build()));

        assertThat(links).extracting(IdentityLink::getRule).containsExactly("same_event");
        assertThat(LinkEvent.of(pos("p-2", identifiers().build())).eventType()).isEqualTo("pos_sale");
    }

    @Test
    void everyPairOfIdentifiersIsAnEdgeWithTheHigherPriorityOneOnTheLeft() {
        List<IdentityLink> links = LinkExtractor.links(MiniProgramEvent.newBuilder()
                .setEventId("m-1")
                .setEventTime(AT)
                .setEventType("authorize_phone")
                .setIdentifiers(identifiers()
                        .setWechatOpenid("tok-open@wx1")
                        .setWechatAppid("wx1")
                        .setWechatUnionid("tok-union")
                        .setPhone("tok-phone")
                        .setPhoneVerified(true)
                        .build())
                .build());

        assertThat(links).extracting(LinkExtractorTest::describe).containsExactly(
                "PHONE:tok-phone:true -> WECHAT_UNIONID:tok-union:true",
                "PHONE:tok-phone:true -> WECHAT_OPENID:tok-open@wx1:true",
                "WECHAT_UNIONID:tok-union:true -> WECHAT_OPENID:tok-open@wx1:true");
        assertThat(links).extracting(IdentityLink::getRule).containsOnly("authorize_phone");
    }

    @Test
    void anEventWithFewerThanTwoIdentifiersYieldsNoEdge() {
        assertThat(LinkExtractor.links(web("w-1", "page_view", identifiers().setWebAnonymousId("tok-anon").build()))).isEmpty();
        assertThat(LinkExtractor.links(web("w-2", "page_view", identifiers().build()))).isEmpty();
    }

    @Test
    void otherEventsLinkTheirIdentifiersAsSameEvent() {
        List<IdentityLink> links = LinkExtractor.links(web("w-3", "page_view",
                identifiers().setWebAnonymousId("tok-anon").setEmail("tok-mail").build()));

        assertThat(links).extracting(IdentityLink::getRule).containsExactly("same_event");
        assertThat(links).extracting(LinkExtractorTest::describe).containsExactly("EMAIL:tok-mail:false -> WEB_ANONYMOUS_ID:tok-anon:false");
    }

    @Test
    void consentEventsAreNamedAfterTheirActionAndLinkAsSameEvent() {
        ConsentEvent consent = ConsentEvent.newBuilder()
                .setEventId("c-1")
                .setSource(Source.APP)
                .setEventTime(AT)
                .setIdentifiers(identifiers().setMemberCard("tok-card").setPhone("tok-phone").build())
                .setPurpose(ConsentPurpose.PERSONALIZATION)
                .setAction(ConsentAction.WITHDRAW)
                .setPolicyVersion("2026-03")
                .setEvidence(ConsentEvidence.newBuilder().setMethod("toggle").setTextHash("abc123").build())
                .build();

        assertThat(LinkEvent.of(consent).eventType()).isEqualTo("consent_withdraw");
        assertThat(LinkExtractor.links(consent)).extracting(IdentityLink::getRule).containsExactly("same_event");
    }

    @Test
    void onlyEventContractsHaveLinks() {
        assertThatThrownBy(() -> LinkEvent.of(identifiers().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Identifiers");
    }

    @Test
    void linkIdsAreDeterministicAndDifferPerEventAndRule() {
        TypedIdentifier card = new TypedIdentifier("MEMBER_CARD", "tok-card", true);
        TypedIdentifier phone = new TypedIdentifier("PHONE", "tok-phone", true);

        String id = LinkExtractor.linkId(card, phone, "login", "e-1");
        assertThat(LinkExtractor.linkId(card, phone, "login", "e-1")).isEqualTo(id);
        assertThat(LinkExtractor.linkId(card, phone, "login", "e-2")).isNotEqualTo(id);
        assertThat(LinkExtractor.linkId(card, phone, "same_event", "e-1")).isNotEqualTo(id);
        assertThat(LinkExtractor.links(web("w-4", "login", identifiers().setMemberCard("tok-card").setWebAnonymousId("tok-anon").build())))
                .isEqualTo(LinkExtractor.links(web("w-4", "login", identifiers().setMemberCard("tok-card").setWebAnonymousId("tok-anon").build())));
    }

    private static Identifiers.Builder identifiers() {
        return Identifiers.newBuilder().setTokenizationKeyId("hmac-test");
    }

    private static WebEvent web(String eventId, String eventType, Identifiers identifiers) {
        return WebEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(AT)
                .setReceivedAt(AT.plusSeconds(1))
                .setIdentifiers(identifiers)
                .setEventType(eventType)
                .build();
    }

    private static PosTransaction pos(String eventId, Identifiers identifiers) {
        return PosTransaction.newBuilder()
                .setEventId(eventId)
                .setEventTime(AT)
                .setIdentifiers(identifiers)
                .setTransactionId("T-" + eventId)
                .setTransactionType(TransactionType.SALE)
                .setStoreId("S001")
                .setCurrency("CNY")
                .setTotalMinor(4_400L)
                .setItems(List.of(LineItem.newBuilder().setSku("sku-7").setQuantity(1).setUnitPriceMinor(4_400L).setLineTotalMinor(4_400L).build()))
                .build();
    }

    static String describe(IdentityLink link) {
        return "%s:%s:%s -> %s:%s:%s".formatted(
                link.getLeft().getType(), link.getLeft().getToken(), link.getLeft().getVerified(),
                link.getRight().getType(), link.getRight().getToken(), link.getRight().getVerified());
    }
}
