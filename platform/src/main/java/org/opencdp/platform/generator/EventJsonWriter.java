package org.opencdp.platform.generator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.avro.Schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Writes an {@link EventDraft} as one compact JSON line whose top-level fields are exactly the fields
 * of the source's Avro contract, in contract order. Walking the contract (rather than a hand-kept list)
 * makes a new required field in a schema fail generation instead of silently producing invalid lines.
 * Not thread-safe: one writer per generating thread.
 */
final class EventJsonWriter
{
    // no separator between root values: each record is cut out of the buffer on its own
    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
    private static final Map<OmoSource, String[]> FIELDS = new EnumMap<>(OmoSource.class);

    static {
        for (OmoSource source : OmoSource.values()) {
            FIELDS.put(source, source.schema().getFields().stream().map(Schema.Field::name).toArray(String[]::new));
        }
    }

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
    private final JsonGenerator json;

    EventJsonWriter()
    {
        try {
            // one generator for every record: creating one per record costs more than writing the record
            this.json = JSON.createGenerator(buffer, JsonEncoding.UTF8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param omitField a top-level field to leave out, or null
     * @param wrongTypeField a top-level field to write with a wrong JSON type, or null
     */
    byte[] write(OmoSource source, EventDraft draft, String omitField, String wrongTypeField)
    {
        requireNonNull(source, "source is null");
        requireNonNull(draft, "draft is null");
        buffer.reset();
        try {
            json.writeStartObject();
            for (String field : FIELDS.get(source)) {
                if (field.equals(omitField)) {
                    continue;
                }
                if (field.equals(wrongTypeField)) {
                    writeWrongType(json, field, draft);
                    continue;
                }
                writeField(json, source, field, draft);
            }
            json.writeEndObject();
            json.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void writeField(JsonGenerator json, OmoSource source, String field, EventDraft d)
            throws IOException
    {
        switch (field) {
            case "event_id" -> string(json, field, d.eventId);
            case "source" -> string(json, field, d.source);
            case "schema_version" -> json.writeNumberField(field, 1);
            case "event_time" -> json.writeStringField(field, Timestamps.format(d.eventTime));
            case "sent_at" -> {
                if (d.sentAt != null) {
                    json.writeStringField(field, Timestamps.format(d.sentAt));
                }
            }
            // set by the server on arrival, never by a client
            case "received_at", "client_event_time" -> {}
            case "identifiers" -> writeIdentifiers(json, d.identifiers);
            case "context" -> writeContext(json, d.context);
            case "properties" -> {
                if (d.properties != null) {
                    json.writeObjectFieldStart(field);
                    for (int i = 0; i < d.properties.size(); i += 2) {
                        json.writeStringField(d.properties.get(i), d.properties.get(i + 1));
                    }
                    json.writeEndObject();
                }
            }
            case "event_type" -> string(json, field, d.eventType);
            case "page_url" -> string(json, field, d.pageUrl);
            case "referrer" -> string(json, field, d.referrer);
            case "session_id" -> string(json, field, d.sessionId);
            case "product_id" -> string(json, field, d.productId);
            case "search_query" -> string(json, field, d.searchQuery);
            case "screen" -> string(json, field, d.screen);
            case "push_message_id" -> string(json, field, d.pushMessageId);
            case "page_path" -> string(json, field, d.pagePath);
            case "scene" -> {
                if (d.scene != null) {
                    json.writeNumberField(field, d.scene);
                }
            }
            case "shared_by" -> {}
            case "commerce" -> {
                if (d.commerce) {
                    json.writeObjectFieldStart(field);
                    string(json, "order_id", d.orderId);
                    json.writeStringField("currency", "CNY");
                    if (d.amountMinor != null) {
                        json.writeNumberField("amount_minor", d.amountMinor);
                    }
                    writeItems(json, d.items);
                    json.writeEndObject();
                }
            }
            case "transaction_id" -> string(json, field, d.transactionId);
            case "transaction_type" -> string(json, field, d.transactionType);
            case "store_id" -> string(json, field, d.storeId);
            case "terminal_id" -> string(json, field, d.terminalId);
            case "cashier_id" -> string(json, field, d.cashierId);
            case "business_day" -> json.writeStringField(field, Timestamps.localDate(d.eventTime));
            case "currency" -> json.writeStringField(field, "CNY");
            case "total_minor" -> json.writeNumberField(field, d.totalMinor);
            case "payment_method" -> string(json, field, d.paymentMethod);
            case "items" -> writeItems(json, d.items);
            case "purpose" -> string(json, field, d.purpose);
            case "channel" -> string(json, field, d.channel);
            case "recipient" -> string(json, field, d.recipient);
            case "action" -> string(json, field, d.action);
            case "policy_version" -> string(json, field, d.policyVersion);
            case "subject_is_minor" -> {
                if (d.subjectIsMinor != null) {
                    json.writeBooleanField(field, d.subjectIsMinor);
                }
            }
            case "guardian_consent" -> json.writeBooleanField(field, d.guardianConsent);
            case "evidence" -> {
                json.writeObjectFieldStart(field);
                json.writeStringField("method", d.evidenceMethod);
                string(json, "text_hash", d.evidenceTextHash);
                string(json, "staff_id", d.evidenceStaffId);
                string(json, "reference", d.evidenceReference);
                json.writeEndObject();
            }
            default -> throw new IllegalStateException("The generator does not know field '%s' of %s; teach EventJsonWriter about it".formatted(field, source.schema().getName()));
        }
    }

    private static void writeWrongType(JsonGenerator json, String field, EventDraft d)
            throws IOException
    {
        switch (field) {
            // a client that flattened the identifiers into one string
            case "identifiers" -> json.writeStringField(field, d.identifiers.memberCard != null ? d.identifiers.memberCard : "13800138000");
            case "schema_version" -> json.writeStringField(field, "v1");
            case "properties" -> {
                json.writeArrayFieldStart(field);
                json.writeString("utm_source");
                json.writeString("wechat");
                json.writeEndArray();
            }
            // a POS export that wrote yuan with a decimal point as text
            case "total_minor" -> json.writeStringField(field, "%d.%02d".formatted(d.totalMinor / 100, Math.abs(d.totalMinor % 100)));
            case "guardian_consent" -> json.writeStringField(field, "yes");
            default -> throw new IllegalArgumentException("no wrong-type variant for field " + field);
        }
    }

    private static void writeIdentifiers(JsonGenerator json, EventDraft.IdentifiersDraft ids)
            throws IOException
    {
        json.writeObjectFieldStart("identifiers");
        string(json, "member_card", ids.memberCard);
        string(json, "phone", ids.phone);
        if (ids.phoneVerified) {
            json.writeBooleanField("phone_verified", true);
        }
        string(json, "wechat_unionid", ids.unionid);
        string(json, "wechat_openid", ids.openid);
        string(json, "wechat_appid", ids.appid);
        string(json, "alipay_id", ids.alipayId);
        string(json, "email", ids.email);
        string(json, "oaid", ids.oaid);
        string(json, "idfa", ids.idfa);
        string(json, "android_id", ids.androidId);
        string(json, "web_anonymous_id", ids.webAnonymousId);
        string(json, "payment_token", ids.paymentToken);
        json.writeEndObject();
    }

    private static void writeContext(JsonGenerator json, EventDraft.ContextDraft context)
            throws IOException
    {
        if (context == null) {
            return;
        }
        json.writeObjectFieldStart("context");
        string(json, "channel", context.channel);
        string(json, "store_id", context.storeId);
        string(json, "terminal_id", context.terminalId);
        string(json, "app_id", context.appId);
        string(json, "app_version", context.appVersion);
        string(json, "platform", context.platform);
        string(json, "device_model", context.deviceModel);
        string(json, "os_version", context.osVersion);
        string(json, "user_agent", context.userAgent);
        string(json, "locale", context.locale);
        string(json, "province", context.province);
        string(json, "city", context.city);
        if (context.latitudeMicros != null) {
            json.writeFieldName("latitude");
            json.writeNumber(decimal(context.latitudeMicros, 1_000_000, 6));
        }
        if (context.longitudeMicros != null) {
            json.writeFieldName("longitude");
            json.writeNumber(decimal(context.longitudeMicros, 1_000_000, 6));
        }
        json.writeEndObject();
    }

    private static void writeItems(JsonGenerator json, List<EventDraft.LineDraft> items)
            throws IOException
    {
        json.writeArrayFieldStart("items");
        for (EventDraft.LineDraft item : items) {
            json.writeStartObject();
            json.writeStringField("sku", item.sku());
            string(json, "product_name", item.productName());
            string(json, "category", item.category());
            json.writeFieldName("quantity");
            json.writeNumber(decimal(item.quantityMillis(), 1000, 3));
            json.writeNumberField("unit_price_minor", item.unitPriceMinor());
            json.writeNumberField("discount_minor", item.discountMinor());
            json.writeNumberField("line_total_minor", item.lineTotalMinor());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void string(JsonGenerator json, String field, String value)
            throws IOException
    {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    /**
     * Exact decimal text of a fixed-point value, trailing zeros trimmed ("1", "0.532", "-2"); avoids
     * Double.toString, whose output changed between JDK releases.
     */
    static String decimal(long value, long scale, int digits)
    {
        long whole = Math.abs(value) / scale;
        long fraction = Math.abs(value) % scale;
        StringBuilder out = new StringBuilder(16);
        if (value < 0) {
            out.append('-');
        }
        out.append(whole);
        if (fraction != 0) {
            String text = Long.toString(fraction);
            out.append('.');
            for (int i = text.length(); i < digits; i++) {
                out.append('0');
            }
            int length = text.length();
            while (text.charAt(length - 1) == '0') {
                length--;
            }
            out.append(text, 0, length);
        }
        return out.toString();
    }
}
