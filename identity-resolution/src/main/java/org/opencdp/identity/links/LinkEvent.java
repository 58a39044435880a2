package org.opencdp.identity.links;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;
import org.opencdp.schemas.avro.AppEvent;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.avro.MiniProgramEvent;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.WebEvent;

/**
 * What link extraction needs to know about an event, whichever engine read it: the streaming job from Kafka,
 * a batch job or an evaluation from files.
 *
 * @param eventId the source event id
 * @param source channel that captured it ({@code Source} name: WEB, APP, MINI_PROGRAM, POS, ...)
 * @param eventType the event type as {@code core.events} names it: the event's own for web, app and
 *        mini-program events, {@code pos_<transaction type>} for POS, {@code consent_<action>} for consent
 * @param eventTime when it happened (after the edge's clock correction)
 * @param identifiers tokenized identifiers, highest priority first ({@link EventIdentifiers})
 */
public record LinkEvent(String eventId, String source, String eventType, Instant eventTime, List<TypedIdentifier> identifiers) {
    public LinkEvent {
        requireNonNull(eventId, "eventId is null");
        requireNonNull(source, "source is null");
        requireNonNull(eventType, "eventType is null");
        requireNonNull(eventTime, "eventTime is null");
        identifiers = List.copyOf(requireNonNull(identifiers, "identifiers is null"));
    }

    /** The link event of a (tokenized) record of any event contract. */
    public static LinkEvent of(SpecificRecord record) {
        requireNonNull(record, "record is null");
        if (record instanceof WebEvent event) {
            return new LinkEvent(event.getEventId(), event.getSource().name(), event.getEventType(), event.getEventTime(),
                    EventIdentifiers.of(event.getIdentifiers()));
        }
        if (record instanceof AppEvent event) {
            return new LinkEvent(event.getEventId(), event.getSource().name(), event.getEventType(), event.getEventTime(),
                    EventIdentifiers.of(event.getIdentifiers()));
        }
        if (record instanceof MiniProgramEvent event) {
            return new LinkEvent(event.getEventId(), event.getSource().name(), event.getEventType(), event.getEventTime(),
                    EventIdentifiers.of(event.getIdentifiers()));
        }
        if (record instanceof PosTransaction event) {
            return new LinkEvent(event.getEventId(), event.getSource().name(), "pos_" + lower(event.getTransactionType().name()),
                    event.getEventTime(), EventIdentifiers.of(event.getIdentifiers()));
        }
        if (record instanceof ConsentEvent event) {
            return new LinkEvent(event.getEventId(), event.getSource().name(), "consent_" + lower(event.getAction().name()),
                    event.getEventTime(), EventIdentifiers.of(event.getIdentifiers()));
        }
        throw new IllegalArgumentException("Not an event contract record: " + record.getSchema().getFullName());
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
