package org.opencdp.streaming.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.opencdp.schemas.avro.Commerce;
import org.opencdp.schemas.avro.ConsentAction;
import org.opencdp.schemas.avro.ConsentChannel;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.avro.ConsentEvidence;
import org.opencdp.schemas.avro.ConsentPurpose;
import org.opencdp.schemas.avro.Context;
import org.opencdp.schemas.avro.Identifiers;
import org.opencdp.schemas.avro.LineItem;
import org.opencdp.schemas.avro.MiniProgramEvent;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.Source;
import org.opencdp.schemas.avro.TransactionType;
import org.opencdp.schemas.avro.WebEvent;

/** Already tokenized contract records, as they arrive on the topics (tokens are plain test strings). */
public final class TestEvents
{
    public static final String KEY_ID = "hmac-test";

    private TestEvents() {}

    public static Identifiers.Builder identifiers()
    {
        return Identifiers.newBuilder().setTokenizationKeyId(KEY_ID);
    }

    public static WebEvent web(String eventId, String eventType, Instant eventTime, Identifiers identifiers)
    {
        return WebEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(eventTime)
                .setReceivedAt(eventTime.plusSeconds(1))
                .setIdentifiers(identifiers)
                .setEventType(eventType)
                .setPageUrl("https://shop.example/p/42")
                .setSessionId("s-" + eventId)
                .setProperties(Map.of("campaign", "spring"))
                .build();
    }

    public static WebEvent webOrder(String eventId, Instant eventTime, Identifiers identifiers)
    {
        return WebEvent.newBuilder(web(eventId, "order", eventTime, identifiers))
                .setContext(Context.newBuilder().setAppId("shop.example").setStoreId("S012").build())
                .setCommerce(Commerce.newBuilder()
                        .setOrderId("o-" + eventId)
                        .setCurrency("CNY")
                        .setAmountMinor(12_900L)
                        .setItems(List.of(item("sku-1", 12_900L)))
                        .build())
                .build();
    }

    public static MiniProgramEvent miniProgram(String eventId, String eventType, Instant eventTime, Identifiers identifiers)
    {
        return MiniProgramEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(eventTime)
                .setIdentifiers(identifiers)
                .setEventType(eventType)
                .setPagePath("pages/index")
                .setScene(1011)
                .build();
    }

    public static PosTransaction pos(String eventId, TransactionType type, Instant eventTime, Identifiers identifiers)
    {
        return PosTransaction.newBuilder()
                .setEventId(eventId)
                .setEventTime(eventTime)
                .setIdentifiers(identifiers)
                .setTransactionId("T-" + eventId)
                .setTransactionType(type)
                .setStoreId("S001")
                .setTerminalId("POS-3")
                .setCurrency("CNY")
                .setTotalMinor(type == TransactionType.RETURN ? -4_500L : 8_800L)
                .setPaymentMethod("bank_card")
                .setItems(List.of(item("sku-7", 4_400L), item("sku-8", 4_400L)))
                .build();
    }

    public static ConsentEvent consent(String eventId, ConsentPurpose purpose, ConsentChannel channel, ConsentAction action,
            Instant capturedAt, Identifiers identifiers)
    {
        return ConsentEvent.newBuilder()
                .setEventId(eventId)
                .setSource(Source.APP)
                .setEventTime(capturedAt)
                .setReceivedAt(capturedAt.plusSeconds(1))
                .setIdentifiers(identifiers)
                .setPurpose(purpose)
                .setChannel(channel)
                .setAction(action)
                .setPolicyVersion("2026-03")
                .setEvidence(ConsentEvidence.newBuilder().setMethod("toggle").setTextHash("abc123").build())
                .build();
    }

    private static LineItem item(String sku, long total)
    {
        return LineItem.newBuilder().setSku(sku).setQuantity(1).setUnitPriceMinor(total).setLineTotalMinor(total).build();
    }
}
