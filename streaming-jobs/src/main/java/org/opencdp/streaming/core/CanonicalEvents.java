package org.opencdp.streaming.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.avro.specific.SpecificRecord;
import org.opencdp.identity.links.EventIdentifiers;
import org.opencdp.schemas.avro.AppEvent;
import org.opencdp.schemas.avro.Commerce;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.avro.Context;
import org.opencdp.schemas.avro.Identifiers;
import org.opencdp.schemas.avro.MiniProgramEvent;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.Source;
import org.opencdp.schemas.avro.WebEvent;

import static java.util.Objects.requireNonNull;

/**
 * Normalises the event of every source contract into one {@link CanonicalEvent}, the row of {@code core.events}.
 *
 * <ul>
 *   <li>{@code event_type}: the event's own type for web, app and mini-program events; {@code pos_} plus the
 *       transaction type for POS ({@code pos_sale}, {@code pos_return}, {@code pos_void}); {@code consent_} plus
 *       the action for consent events ({@code consent_grant}, {@code consent_deny}, {@code consent_withdraw}).</li>
 *   <li>{@code channel}, {@code store_id}, {@code app_id}: from the event context. When the context names no
 *       channel, the source's own is used (web, app, mini_program, store); a POS transaction's {@code store_id}
 *       field wins over its context; a mini-program event without an app id uses its WeChat appid.</li>
 *   <li>{@code order_id}, {@code amount_minor}, {@code currency}: from {@code commerce} for online events, from
 *       {@code transaction_id}, {@code total_minor}, {@code currency} for POS transactions.</li>
 *   <li>{@code identifiers}: every present identifier token, highest priority first ({@link EventIdentifiers}).</li>
 *   <li>{@code properties}: the event's free-form properties, then the source-specific fields that have no column
 *       of their own (page_url, screen, scene, terminal_id, purpose, ...). A field overrides a free-form property
 *       of the same name: the contract's field is authoritative. Absent fields are left out.</li>
 * </ul>
 */
public final class CanonicalEvents
{
    private CanonicalEvents() {}

    /** The canonical event of a record of an event contract. */
    public static CanonicalEvent of(SpecificRecord record)
    {
        requireNonNull(record, "record is null");
        if (record instanceof WebEvent event) {
            return web(event);
        }
        if (record instanceof AppEvent event) {
            return app(event);
        }
        if (record instanceof MiniProgramEvent event) {
            return miniProgram(event);
        }
        if (record instanceof PosTransaction event) {
            return pos(event);
        }
        if (record instanceof ConsentEvent event) {
            return consent(event);
        }
        throw new IllegalArgumentException("Not an event contract record: " + record.getSchema().getFullName());
    }

    private static CanonicalEvent web(WebEvent event)
    {
        Map<String, String> properties = properties(event.getProperties());
        put(properties, "page_url", event.getPageUrl());
        put(properties, "referrer", event.getReferrer());
        put(properties, "session_id", event.getSessionId());
        put(properties, "product_id", event.getProductId());
        put(properties, "search_query", event.getSearchQuery());
        putItemCount(properties, event.getCommerce());
        return online(event.getEventId(), event.getSource(), event.getEventType(), event.getEventTime(), event.getReceivedAt(),
                event.getContext(), null, "web", event.getCommerce(), event.getIdentifiers(), properties);
    }

    private static CanonicalEvent app(AppEvent event)
    {
        Map<String, String> properties = properties(event.getProperties());
        put(properties, "screen", event.getScreen());
        put(properties, "session_id", event.getSessionId());
        put(properties, "product_id", event.getProductId());
        put(properties, "push_message_id", event.getPushMessageId());
        putItemCount(properties, event.getCommerce());
        return online(event.getEventId(), event.getSource(), event.getEventType(), event.getEventTime(), event.getReceivedAt(),
                event.getContext(), null, "app", event.getCommerce(), event.getIdentifiers(), properties);
    }

    private static CanonicalEvent miniProgram(MiniProgramEvent event)
    {
        Map<String, String> properties = properties(event.getProperties());
        put(properties, "page_path", event.getPagePath());
        put(properties, "scene", event.getScene());
        put(properties, "session_id", event.getSessionId());
        put(properties, "product_id", event.getProductId());
        put(properties, "shared_by", event.getSharedBy());
        putItemCount(properties, event.getCommerce());
        return online(event.getEventId(), event.getSource(), event.getEventType(), event.getEventTime(), event.getReceivedAt(),
                event.getContext(), event.getIdentifiers().getWechatAppid(), "mini_program", event.getCommerce(),
                event.getIdentifiers(), properties);
    }

    private static CanonicalEvent online(
            String eventId,
            Source source,
            String eventType,
            Instant eventTime,
            Instant receivedAt,
            Context context,
            String fallbackAppId,
            String defaultChannel,
            Commerce commerce,
            Identifiers identifiers,
            Map<String, String> properties)
    {
        String appId = context == null || context.getAppId() == null ? fallbackAppId : context.getAppId();
        return new CanonicalEvent(
                eventId,
                source.name(),
                eventType,
                eventTime,
                receivedAt,
                channel(context, defaultChannel),
                context == null ? null : context.getStoreId(),
                appId,
                commerce == null ? null : commerce.getOrderId(),
                commerce == null ? null : commerce.getAmountMinor(),
                commerce == null ? null : commerce.getCurrency(),
                EventIdentifiers.of(identifiers),
                properties);
    }

    private static CanonicalEvent pos(PosTransaction event)
    {
        Map<String, String> properties = properties(event.getProperties());
        put(properties, "transaction_type", event.getTransactionType().name());
        put(properties, "terminal_id", event.getTerminalId());
        put(properties, "cashier_id", event.getCashierId());
        put(properties, "business_day", event.getBusinessDay());
        put(properties, "payment_method", event.getPaymentMethod());
        put(properties, "item_count", event.getItems().size());
        Context context = event.getContext();
        return new CanonicalEvent(
                event.getEventId(),
                event.getSource().name(),
                "pos_" + lower(event.getTransactionType().name()),
                event.getEventTime(),
                event.getReceivedAt(),
                channel(context, "store"),
                event.getStoreId(),
                context == null ? null : context.getAppId(),
                event.getTransactionId(),
                event.getTotalMinor(),
                event.getCurrency(),
                EventIdentifiers.of(event.getIdentifiers()),
                properties);
    }

    private static CanonicalEvent consent(ConsentEvent event)
    {
        Map<String, String> properties = properties(event.getProperties());
        put(properties, "purpose", event.getPurpose().name());
        put(properties, "consent_channel", event.getChannel() == null ? null : event.getChannel().name());
        put(properties, "recipient", event.getRecipient());
        put(properties, "action", event.getAction().name());
        put(properties, "policy_version", event.getPolicyVersion());
        put(properties, "subject_is_minor", event.getSubjectIsMinor());
        put(properties, "guardian_consent", event.getGuardianConsent());
        Context context = event.getContext();
        return new CanonicalEvent(
                event.getEventId(),
                event.getSource().name(),
                "consent_" + lower(event.getAction().name()),
                event.getEventTime(),
                event.getReceivedAt(),
                channel(context, null),
                context == null ? null : context.getStoreId(),
                context == null ? null : context.getAppId(),
                null,
                null,
                null,
                EventIdentifiers.of(event.getIdentifiers()),
                properties);
    }

    private static String channel(Context context, String defaultChannel)
    {
        return context == null || context.getChannel() == null ? defaultChannel : context.getChannel();
    }

    private static Map<String, String> properties(Map<String, String> free)
    {
        // sorted: the same event always gives the same map, whatever order the producer used
        return new TreeMap<>(free == null ? Map.of() : free);
    }

    private static void putItemCount(Map<String, String> properties, Commerce commerce)
    {
        if (commerce != null && !commerce.getItems().isEmpty()) {
            put(properties, "item_count", commerce.getItems().size());
        }
    }

    private static void put(Map<String, String> properties, String name, Object value)
    {
        if (value != null) {
            properties.put(name, value.toString());
        }
    }

    private static String lower(String name)
    {
        return name.toLowerCase(Locale.ROOT);
    }
}
