package org.opencdp.schemas.contract;

import java.util.List;

/**
 * Names of the common envelope fields that every event contract starts with. Avro has no
 * inheritance, so each event schema repeats them; {@code EnvelopeContractTest} keeps them identical.
 */
public final class Envelope {
    public static final String EVENT_ID = "event_id";
    public static final String SOURCE = "source";
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String EVENT_TIME = "event_time";
    public static final String SENT_AT = "sent_at";
    public static final String RECEIVED_AT = "received_at";
    public static final String CLIENT_EVENT_TIME = "client_event_time";
    public static final String IDENTIFIERS = "identifiers";
    public static final String CONTEXT = "context";
    public static final String PROPERTIES = "properties";

    public static final List<String> FIELDS = List.of(
            EVENT_ID, SOURCE, SCHEMA_VERSION, EVENT_TIME, SENT_AT, RECEIVED_AT, CLIENT_EVENT_TIME,
            IDENTIFIERS, CONTEXT, PROPERTIES);

    private Envelope() {}
}
