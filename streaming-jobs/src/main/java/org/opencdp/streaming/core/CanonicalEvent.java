package org.opencdp.streaming.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.opencdp.identity.links.TypedIdentifier;

import static java.util.Objects.requireNonNull;

/**
 * One event of any channel in the shape of {@code core.events} (before the streaming job adds {@code is_late}
 * and {@code ingested_at}).
 *
 * @param eventId the deduplication key
 * @param source channel that captured it: WEB, APP, MINI_PROGRAM, POS, ...
 * @param eventType e.g. page_view, order, login, pos_sale, consent_withdraw
 * @param eventTime when it happened
 * @param receivedAt when the platform received it, or null
 * @param channel sales or engagement channel, or null
 * @param storeId store of an in-store event or of an attributed online order, or null
 * @param appId app, mini-program or site, or null
 * @param orderId order or receipt number, or null
 * @param amountMinor order or basket total in minor units, or null
 * @param currency ISO 4217 currency of the amount, or null
 * @param identifiers tokenized identifiers, highest priority first
 * @param properties source-specific attributes
 */
public record CanonicalEvent(
        String eventId,
        String source,
        String eventType,
        Instant eventTime,
        Instant receivedAt,
        String channel,
        String storeId,
        String appId,
        String orderId,
        Long amountMinor,
        String currency,
        List<TypedIdentifier> identifiers,
        Map<String, String> properties)
{
    public CanonicalEvent
    {
        requireNonNull(eventId, "eventId is null");
        requireNonNull(source, "source is null");
        requireNonNull(eventType, "eventType is null");
        requireNonNull(eventTime, "eventTime is null");
        identifiers = List.copyOf(requireNonNull(identifiers, "identifiers is null"));
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        if (eventId.isBlank()) {
            throw new IllegalArgumentException("Event id is blank");
        }
    }
}
