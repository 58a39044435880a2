package org.opencdp.schemas.contract;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.opencdp.schemas.avro.AppEvent;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.avro.IdentityLink;
import org.opencdp.schemas.avro.MemberProfile;
import org.opencdp.schemas.avro.MiniProgramEvent;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.WebEvent;

/**
 * Every record type the platform exchanges, with its Avro schema and its Kafka topic. Event contracts
 * carry the common envelope (see {@link Envelope}); the others are derived records.
 */
public enum Contract {
    WEB_EVENT("web", WebEvent.getClassSchema(), "cdp.web.events", true),
    APP_EVENT("app", AppEvent.getClassSchema(), "cdp.app.events", true),
    MINI_PROGRAM_EVENT("mini_program", MiniProgramEvent.getClassSchema(), "cdp.mini_program.events", true),
    POS_TRANSACTION("pos", PosTransaction.getClassSchema(), "cdp.pos.transactions", true),
    CONSENT_EVENT("consent", ConsentEvent.getClassSchema(), "cdp.consent.events", true),
    IDENTITY_LINK("identity_link", IdentityLink.getClassSchema(), "cdp.identity.links", false),
    DEAD_LETTER("dead_letter", DeadLetter.getClassSchema(), "cdp.dead_letters", false),
    MEMBER_PROFILE("member_profile", MemberProfile.getClassSchema(), "cdp.member.profiles", false);

    private final String sourceName;
    private final Schema schema;
    private final String topic;
    private final boolean event;

    Contract(String sourceName, Schema schema, String topic, boolean event) {
        this.sourceName = requireNonNull(sourceName, "sourceName is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.topic = requireNonNull(topic, "topic is null");
        this.event = event;
    }

    /** Short lower-case name used in APIs, file names and table names, e.g. {@code mini_program}. */
    public String sourceName() {
        return sourceName;
    }

    public Schema schema() {
        return schema;
    }

    public String topic() {
        return topic;
    }

    /** True for the contracts that carry the common event envelope. */
    public boolean isEvent() {
        return event;
    }

    /** Simple name of the schema, e.g. {@code WebEvent}; also the released schema's file name. */
    public String schemaName() {
        return schema.getName();
    }

    public static List<Contract> events() {
        return Arrays.stream(values()).filter(Contract::isEvent).toList();
    }

    public static Optional<Contract> bySourceName(String name) {
        return Arrays.stream(values()).filter(c -> c.sourceName.equals(name)).findFirst();
    }
}
