package org.opencdp.platform.lakehouse;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowLevelOperationMode;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;
import org.opencdp.schemas.contract.Contract;

/**
 * The lakehouse layout as code: every table of the platform with its schema, partitioning, write order and
 * properties. Schemas of contract-backed tables are derived from the Avro contracts; derivation is
 * deterministic (same contract, same field ids), so {@link Lakehouse#init()} is idempotent.
 */
public final class LakehouseTables {
    public static final Namespace RAW = Namespace.of("raw");
    public static final Namespace CORE = Namespace.of("core");
    public static final Namespace IDENTITY = Namespace.of("identity");
    public static final Namespace CONSENT = Namespace.of("consent");
    public static final Namespace PROFILE = Namespace.of("profile");

    public static final String FORMAT_VERSION = "2";
    public static final String PARQUET_COMPRESSION_CODEC = "zstd";
    public static final long TARGET_FILE_SIZE_BYTES = 128L * 1024 * 1024;
    /** Streaming jobs commit every checkpoint: keep the metadata directory from growing without bound. */
    public static final boolean METADATA_DELETE_AFTER_COMMIT = true;
    public static final int METADATA_PREVIOUS_VERSIONS_MAX = 20;
    public static final String COMMENT = "comment";

    /** Lineage column of every raw table: when, from where and in which batch a row was ingested. */
    public static final String INGEST = "_ingest";
    public static final String INGEST_INGESTED_AT = "ingested_at";
    public static final String INGEST_ORIGIN = "origin";
    public static final String INGEST_BATCH_ID = "batch_id";

    public static final TableSpec RAW_WEB_EVENTS = rawEvents(Contract.WEB_EVENT, "web_events",
            "Web shop clickstream events as collected, one row per accepted event.");
    public static final TableSpec RAW_APP_EVENTS = rawEvents(Contract.APP_EVENT, "app_events",
            "Mobile app events as collected, one row per accepted event.");
    public static final TableSpec RAW_MINI_PROGRAM_EVENTS = rawEvents(Contract.MINI_PROGRAM_EVENT, "mini_program_events",
            "WeChat mini-program events as collected, one row per accepted event.");
    public static final TableSpec RAW_POS_TRANSACTIONS = rawEvents(Contract.POS_TRANSACTION, "pos_transactions",
            "Store POS transactions as imported or streamed, one row per transaction.");
    public static final TableSpec RAW_CONSENT_EVENTS = rawEvents(Contract.CONSENT_EVENT, "consent_events",
            "Consent decisions as captured, one row per accepted consent event.");
    public static final TableSpec DEAD_LETTERS = deadLetters();
    public static final TableSpec CORE_EVENTS = coreEvents();
    public static final TableSpec IDENTITY_LINKS = identityLinks();
    public static final TableSpec IDENTITY_GRAPH = identityGraph();
    public static final TableSpec IDENTITY_MEMBERS = identityMembers();
    public static final TableSpec IDENTITY_ALIASES = identityAliases();
    public static final TableSpec IDENTITY_QUARANTINE = identityQuarantine();
    public static final TableSpec IDENTITY_CONFLICTS = identityConflicts();
    public static final TableSpec IDENTITY_MARKS = identityMarks();
    public static final TableSpec IDENTITY_RUNS = identityRuns();
    public static final TableSpec CONSENT_LEDGER = consentLedger();
    public static final TableSpec CONSENT_STATE = consentState();
    public static final TableSpec PROFILE_MEMBERS = profileMembers();

    private static final Map<Contract, TableSpec> RAW_BY_CONTRACT = rawByContract();
    private static final List<TableSpec> ALL = List.of(
            RAW_WEB_EVENTS,
            RAW_APP_EVENTS,
            RAW_MINI_PROGRAM_EVENTS,
            RAW_POS_TRANSACTIONS,
            RAW_CONSENT_EVENTS,
            DEAD_LETTERS,
            CORE_EVENTS,
            IDENTITY_LINKS,
            IDENTITY_GRAPH,
            IDENTITY_MEMBERS,
            IDENTITY_ALIASES,
            IDENTITY_QUARANTINE,
            IDENTITY_CONFLICTS,
            IDENTITY_MARKS,
            IDENTITY_RUNS,
            CONSENT_LEDGER,
            CONSENT_STATE,
            PROFILE_MEMBERS);

    private LakehouseTables() {}

    /** Every table of the lakehouse, raw tables first. */
    public static List<TableSpec> all() {
        return ALL;
    }

    /** The raw table a contract lands in: every event contract, and the dead-letter contract. */
    public static TableSpec raw(Contract contract) {
        requireNonNull(contract, "contract is null");
        TableSpec spec = RAW_BY_CONTRACT.get(contract);
        if (spec == null) {
            throw new IllegalArgumentException("Contract " + contract + " has no raw table; raw tables exist for "
                    + RAW_BY_CONTRACT.keySet());
        }
        return spec;
    }

    /** The table named like {@code raw.web_events}. */
    public static Optional<TableSpec> byName(String name) {
        requireNonNull(name, "name is null");
        return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    /** Properties every table gets, plus its {@code comment}. */
    public static Map<String, String> defaultProperties(String comment) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(TableProperties.FORMAT_VERSION, FORMAT_VERSION);
        properties.put(TableProperties.PARQUET_COMPRESSION, PARQUET_COMPRESSION_CODEC);
        properties.put(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, String.valueOf(TARGET_FILE_SIZE_BYTES));
        properties.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, String.valueOf(METADATA_DELETE_AFTER_COMMIT));
        properties.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, String.valueOf(METADATA_PREVIOUS_VERSIONS_MAX));
        properties.put(COMMENT, requireNonNull(comment, "comment is null"));
        return properties;
    }

    /**
     * The Iceberg schema of an Avro contract, as the lakehouse stores it (see {@link AvroToIcebergSchema}):
     * Avro {@code timestamp-millis} becomes {@code timestamptz} (contract timestamps are UTC instants), enums
     * become strings (so a new enum symbol never needs a table change), and field ids are numbered 1, 2, 3...
     * in schema order.
     */
    public static Schema icebergSchema(Contract contract) {
        return icebergSchema(contract, List.of());
    }

    private static Schema icebergSchema(Contract contract, List<NestedField> extraColumns) {
        requireNonNull(contract, "contract is null");
        Schema converted = AvroToIcebergSchema.convert(contract.schema());
        List<NestedField> columns = new ArrayList<>(converted.columns());
        // extra columns get ids past the converted ones; the final renumbering makes all ids dense and stable
        AtomicInteger ids = new AtomicInteger(converted.highestFieldId() + 1);
        for (NestedField extra : extraColumns) {
            columns.add(renumber(extra, ids));
        }
        return TypeUtil.assignIncreasingFreshIds(new Schema(columns));
    }

    private static NestedField renumber(NestedField field, AtomicInteger ids) {
        return NestedField.of(ids.getAndIncrement(), field.isOptional(), field.name(), renumberType(field.type(), ids), field.doc());
    }

    private static Type renumberType(Type type, AtomicInteger ids) {
        if (type.isStructType()) {
            List<NestedField> fields = new ArrayList<>();
            for (NestedField field : type.asStructType().fields()) {
                fields.add(renumber(field, ids));
            }
            return Types.StructType.of(fields);
        }
        if (type.isListType() || type.isMapType()) {
            throw new IllegalArgumentException("extra columns of raw tables are primitives or structs: " + type);
        }
        return type;
    }

    private static NestedField ingestColumn() {
        // ids here are placeholders: icebergSchema() renumbers them
        return NestedField.optional(-1, INGEST, Types.StructType.of(
                        NestedField.required(-2, INGEST_INGESTED_AT, Types.TimestampType.withZone(),
                                "When the row was written to the lakehouse."),
                        NestedField.required(-3, INGEST_ORIGIN, Types.StringType.get(),
                                "Where the row was read: file.jsonl:42 for a file line, topic/partition/offset for Kafka."),
                        NestedField.optional(-4, INGEST_BATCH_ID, Types.StringType.get(),
                                "Load or checkpoint that wrote the row, to find or undo one batch.")),
                "Ingestion lineage of the row.");
    }

    private static TableSpec rawEvents(Contract contract, String tableName, String description) {
        if (!contract.isEvent()) {
            throw new IllegalArgumentException("not an event contract: " + contract);
        }
        Schema schema = icebergSchema(contract, List.of(ingestColumn()));
        return new TableSpec(
                TableIdentifier.of(RAW, tableName),
                schema,
                PartitionSpec.builderFor(schema).day("event_time").build(),
                SortOrder.builderFor(schema).asc("event_time").build(),
                defaultProperties(description),
                description);
    }

    private static TableSpec deadLetters() {
        String description = "Rejected input with reason, source, stage and original payload, kept for fixing and replay.";
        Schema schema = icebergSchema(Contract.DEAD_LETTER, List.of(ingestColumn()));
        return new TableSpec(
                TableIdentifier.of(RAW, "dead_letters"),
                schema,
                PartitionSpec.builderFor(schema).day("received_at").identity("source").build(),
                SortOrder.builderFor(schema).asc("received_at").build(),
                defaultProperties(description),
                description);
    }

    private static Types.StructType identifierStruct(FieldIds ids) {
        return Types.StructType.of(
                NestedField.required(ids.next(), "type", Types.StringType.get(), "Identifier type, e.g. PHONE, MEMBER_CARD, WECHAT_OPENID."),
                NestedField.required(ids.next(), "token", Types.StringType.get(), "Keyed HMAC token of the normalised value."),
                NestedField.required(ids.next(), "verified", Types.BooleanType.get(), "True when the value was verified."));
    }

    private static TableSpec coreEvents() {
        String description = "Canonical events of every channel in one shape: validated, deduplicated, late arrivals flagged.";
        FieldIds ids = new FieldIds();
        Schema schema = TypeUtil.assignIncreasingFreshIds(new Schema(
                NestedField.required(ids.next(), "event_id", Types.StringType.get(), "Event id from the source; unique in this table."),
                NestedField.required(ids.next(), "source", Types.StringType.get(), "Channel: WEB, APP, MINI_PROGRAM, POS, ..."),
                NestedField.required(ids.next(), "event_type", Types.StringType.get(), "page_view, add_to_cart, order, purchase, consent, ..."),
                NestedField.required(ids.next(), "event_time", Types.TimestampType.withZone(), "When the event happened."),
                NestedField.optional(ids.next(), "received_at", Types.TimestampType.withZone(), "When the platform received it."),
                NestedField.required(ids.next(), "is_late", Types.BooleanType.get(), "True when it arrived after its event-time window was closed."),
                NestedField.optional(ids.next(), "channel", Types.StringType.get(), "Sales or engagement channel from the event context."),
                NestedField.optional(ids.next(), "store_id", Types.StringType.get(), "Store of an in-store event or the store an online order is attributed to."),
                NestedField.optional(ids.next(), "app_id", Types.StringType.get(), "App, mini-program or site that sent the event."),
                NestedField.optional(ids.next(), "order_id", Types.StringType.get(), "Order or receipt number of commerce events."),
                NestedField.optional(ids.next(), "amount_minor", Types.LongType.get(), "Order or transaction total in minor units."),
                NestedField.optional(ids.next(), "currency", Types.StringType.get(), "ISO 4217 currency of amount_minor."),
                NestedField.required(ids.next(), "identifiers",
                        Types.ListType.ofRequired(ids.next(), identifierStruct(ids)), "Tokenized identifiers carried by the event."),
                NestedField.required(ids.next(), "properties",
                        Types.MapType.ofOptional(ids.next(), ids.next(), Types.StringType.get(), Types.StringType.get()),
                        "Source-specific attributes as strings."),
                NestedField.required(ids.next(), "ingested_at", Types.TimestampType.withZone(), "When the row was written.")));
        return new TableSpec(
                TableIdentifier.of(CORE, "events"),
                schema,
                PartitionSpec.builderFor(schema).day("event_time").identity("source").build(),
                SortOrder.builderFor(schema).asc("event_time").build(),
                defaultProperties(description),
                description);
    }

    private static TableSpec identityLinks() {
        String description = "Edges of the identity graph: two identifiers observed together, with the rule and the source event.";
        Schema schema = icebergSchema(Contract.IDENTITY_LINK);
        return new TableSpec(
                TableIdentifier.of(IDENTITY, "links"),
                schema,
                PartitionSpec.builderFor(schema).day("observed_at").build(),
                SortOrder.builderFor(schema).asc("observed_at").build(),
                defaultProperties(description),
                description);
    }

    // ---- identity resolution output (written by the Spark identity job; see docs/lakehouse.md)

    private static TableSpec identityTable(String name, String description, List<NestedField> columns, String... sortColumns) {
        Schema schema = TypeUtil.assignIncreasingFreshIds(new Schema(columns));
        SortOrder.Builder order = SortOrder.builderFor(schema);
        for (String column : sortColumns) {
            order.asc(column);
        }
        // each run changes a few rows of whole tables through MERGE INTO: merge-on-read writes the changed rows and
        // position deletes instead of rewriting every data file that holds a changed row
        Map<String, String> properties = defaultProperties(description);
        properties.put(TableProperties.MERGE_MODE, RowLevelOperationMode.MERGE_ON_READ.modeName());
        properties.put(TableProperties.UPDATE_MODE, RowLevelOperationMode.MERGE_ON_READ.modeName());
        properties.put(TableProperties.DELETE_MODE, RowLevelOperationMode.MERGE_ON_READ.modeName());
        return new TableSpec(TableIdentifier.of(IDENTITY, name), schema, PartitionSpec.unpartitioned(), order.build(),
                properties, description);
    }

    private static NestedField string(FieldIds ids, boolean required, String name, String doc) {
        return required ? NestedField.required(ids.next(), name, Types.StringType.get(), doc) : NestedField.optional(ids.next(), name, Types.StringType.get(), doc);
    }

    private static NestedField time(FieldIds ids, boolean required, String name, String doc) {
        Types.TimestampType type = Types.TimestampType.withZone();
        return required ? NestedField.required(ids.next(), name, type, doc) : NestedField.optional(ids.next(), name, type, doc);
    }

    private static TableSpec identityGraph() {
        FieldIds ids = new FieldIds();
        return identityTable("graph",
                "Identifier to member id over time: one row per identifier and period; valid_to is null for the current row.",
                List.of(
                        string(ids, true, "identifier_type", "Identifier type, e.g. PHONE, MEMBER_CARD."),
                        string(ids, true, "token", "Keyed HMAC token of the identifier."),
                        string(ids, true, "member_id", "Stable member id the identifier belonged to in this period."),
                        string(ids, true, "component_key", "Smallest identifier (TYPE:token) of its connected component of kept edges; an incremental run recomputes whole components."),
                        time(ids, true, "valid_from", "Start of the period (time of the run that assigned it)."),
                        time(ids, false, "valid_to", "End of the period; null for the current row."),
                        string(ids, true, "run_id", "Identity run that opened the period.")),
                "identifier_type", "token");
    }

    private static TableSpec identityMembers() {
        FieldIds ids = new FieldIds();
        return identityTable("members",
                "Every member id ever issued: live members, ids retired into another member by a merge (aliases), ids retired without heir.",
                List.of(
                        string(ids, true, "member_id", "Member id."),
                        string(ids, true, "status", "ACTIVE, ALIAS (merged into merged_into) or RETIRED."),
                        time(ids, true, "created_at", "First observation of the founding identifier (an event time, the same in every run)."),
                        string(ids, true, "anchor", "Founding identifier, TYPE:token."),
                        NestedField.required(ids.next(), "identifiers", Types.IntegerType.get(), "Identifiers of an active member; 0 otherwise."),
                        string(ids, false, "merged_into", "Member id an alias was merged into."),
                        time(ids, true, "updated_at", "Time of the run that last changed the row."),
                        string(ids, true, "run_id", "Identity run that last changed the row.")),
                "member_id");
    }

    private static TableSpec identityAliases() {
        FieldIds ids = new FieldIds();
        return identityTable("aliases",
                "Member ids retired by a merge: alias id to the member id it now means, when and why.",
                List.of(
                        string(ids, true, "alias_id", "Retired member id."),
                        string(ids, true, "member_id", "Member id it was merged into (follow further aliases to the live id)."),
                        time(ids, true, "alias_created_at", "Creation time of the retired member."),
                        string(ids, true, "alias_anchor", "Founding identifier of the retired member, TYPE:token; an unmerge that splits it off brings the id back."),
                        time(ids, true, "merged_at", "Event time of the edge that caused the merge."),
                        string(ids, false, "cause_link_id", "Link id of the newest accepted edge on the path that joined the two members."),
                        string(ids, false, "cause_rule", "Linking rule of that edge."),
                        string(ids, false, "cause_source_event_id", "Event that edge was observed in."),
                        string(ids, true, "run_id", "Identity run that recorded the merge.")),
                "alias_id");
    }

    private static TableSpec identityQuarantine() {
        FieldIds ids = new FieldIds();
        return identityTable("quarantine",
                "Hub identifiers taken out of the graph (shared devices, POS terminals, placeholder values) with their evidence.",
                List.of(
                        string(ids, true, "identifier_type", "Type of the hub identifier."),
                        string(ids, true, "token", "Token of the hub identifier."),
                        string(ids, true, "neighbour_type", "Neighbour type whose distinct count went furthest over its threshold."),
                        NestedField.required(ids.next(), "distinct_neighbours", Types.IntegerType.get(), "Distinct identifiers of that type linked to the hub."),
                        NestedField.required(ids.next(), "threshold", Types.IntegerType.get(), "Threshold of the rules for that type."),
                        NestedField.required(ids.next(), "sample_edges", Types.ListType.ofRequired(ids.next(), Types.StructType.of(
                                string(ids, true, "link_id", "Link id of the sample edge."),
                                string(ids, true, "neighbour", "The other identifier, TYPE:token."),
                                string(ids, true, "rule", "Linking rule."),
                                time(ids, true, "observed_at", "Event time of the observation."))), "The earliest edges, one per neighbour."),
                        time(ids, true, "since", "Time of the run that first quarantined it."),
                        string(ids, true, "run_id", "Identity run that last confirmed it.")),
                "identifier_type", "token");
    }

    private static TableSpec identityConflicts() {
        FieldIds ids = new FieldIds();
        return identityTable("conflicts",
                "Strong edges dropped because they would give one member more values of a limited type than allowed (two member cards).",
                List.of(
                        string(ids, true, "link_id", "The dropped edge (its best-ranked observation)."),
                        string(ids, true, "left", "Left identifier of the edge, TYPE:token."),
                        string(ids, true, "right", "Right identifier of the edge, TYPE:token."),
                        string(ids, true, "rule", "Linking rule of the edge."),
                        string(ids, true, "source_event_id", "Event the edge was observed in."),
                        time(ids, true, "observed_at", "Event time of the edge."),
                        string(ids, true, "limited_type", "The identifier type whose limit the edge would break."),
                        NestedField.required(ids.next(), "max_per_member", Types.IntegerType.get(), "The limit per member of limited_type."),
                        NestedField.required(ids.next(), "left_values", Types.ListType.ofRequired(ids.next(), Types.StringType.get()), "Values of that type on the left side."),
                        NestedField.required(ids.next(), "right_values", Types.ListType.ofRequired(ids.next(), Types.StringType.get()), "Values of that type on the right side."),
                        NestedField.required(ids.next(), "observations", Types.IntegerType.get(), "Edges between the same two identifiers, all dropped."),
                        string(ids, true, "component_key", "Component the conflict was found in."),
                        string(ids, true, "run_id", "Identity run that found it.")),
                "component_key", "link_id");
    }

    private static TableSpec identityMarks() {
        FieldIds ids = new FieldIds();
        return identityTable("marks",
                "Edges and identifiers an operator marked bad (unmerge); the identity job ignores them.",
                List.of(
                        string(ids, true, "kind", "EDGE or IDENTIFIER."),
                        string(ids, true, "target", "Link id of an edge, or TYPE:token of an identifier."),
                        string(ids, true, "reason", "Why it was marked bad."),
                        time(ids, true, "marked_at", "When it was marked.")),
                "kind", "target");
    }

    private static TableSpec identityRuns() {
        FieldIds ids = new FieldIds();
        return identityTable("runs",
                "One row per identity resolution run: mode, the identity.links snapshot it read up to, and what it changed.",
                List.of(
                        string(ids, true, "run_id", "Run id."),
                        string(ids, true, "mode", "FULL, INCREMENTAL or UNMERGE."),
                        time(ids, true, "started_at", "Start of the run."),
                        time(ids, true, "finished_at", "End of the run."),
                        NestedField.optional(ids.next(), "links_snapshot_id", Types.LongType.get(), "Snapshot of identity.links read up to; the next incremental run reads links added after it."),
                        NestedField.required(ids.next(), "links_read", Types.LongType.get(), "Links read by the run."),
                        NestedField.required(ids.next(), "region_identifiers", Types.LongType.get(), "Identifiers whose member was recomputed."),
                        NestedField.required(ids.next(), "components", Types.LongType.get(), "Connected components resolved."),
                        NestedField.required(ids.next(), "members_created", Types.IntegerType.get(), "New member ids."),
                        NestedField.required(ids.next(), "members_aliased", Types.IntegerType.get(), "Member ids retired into another by a merge."),
                        NestedField.required(ids.next(), "members_split", Types.IntegerType.get(), "Parts split off a member (new or revived ids)."),
                        NestedField.required(ids.next(), "members_retired", Types.IntegerType.get(), "Member ids retired without heir.")),
                "started_at");
    }

    private static TableSpec consentLedger() {
        String description = "Append-only ledger of every consent decision with its evidence; never updated or rewritten.";
        FieldIds ids = new FieldIds();
        Schema schema = TypeUtil.assignIncreasingFreshIds(new Schema(
                NestedField.required(ids.next(), "event_id", Types.StringType.get(), "Consent event id; unique in this table."),
                NestedField.required(ids.next(), "subject_identifiers",
                        Types.ListType.ofRequired(ids.next(), identifierStruct(ids)), "Tokenized identifiers of the person who decided."),
                NestedField.required(ids.next(), "purpose", Types.StringType.get(), "MARKETING, PERSONALIZATION, THIRD_PARTY_SHARING, CROSS_BORDER_TRANSFER, SENSITIVE_DATA, ANALYTICS."),
                NestedField.optional(ids.next(), "channel", Types.StringType.get(), "Contact channel of a marketing consent: SMS, APP_PUSH, WECHAT_SUBSCRIBE, WECOM, CALL, EMAIL."),
                NestedField.optional(ids.next(), "recipient", Types.StringType.get(), "Third party for sharing and cross-border purposes."),
                NestedField.required(ids.next(), "action", Types.StringType.get(), "GRANT, DENY or WITHDRAW."),
                NestedField.required(ids.next(), "policy_version", Types.StringType.get(), "Version of the policy or consent text shown."),
                NestedField.required(ids.next(), "source", Types.StringType.get(), "Channel that captured the decision."),
                NestedField.required(ids.next(), "captured_at", Types.TimestampType.withZone(), "When the decision was made."),
                NestedField.optional(ids.next(), "received_at", Types.TimestampType.withZone(), "When the platform received it."),
                NestedField.optional(ids.next(), "subject_is_minor", Types.BooleanType.get(), "True when the subject declared an age under 14."),
                NestedField.required(ids.next(), "guardian_consent", Types.BooleanType.get(), "True when a guardian decided for a minor."),
                NestedField.required(ids.next(), "evidence", Types.StructType.of(
                                NestedField.required(ids.next(), "method", Types.StringType.get(), "checkbox, toggle, sms_reply, staff_recorded, paper_form, portal."),
                                NestedField.optional(ids.next(), "text_hash", Types.StringType.get(), "SHA-256 of the consent text shown."),
                                NestedField.optional(ids.next(), "staff_id", Types.StringType.get(), "Staff member who recorded an in-store decision."),
                                NestedField.optional(ids.next(), "reference", Types.StringType.get(), "Pointer to stored evidence.")),
                        "How the decision was captured.")));
        return new TableSpec(
                TableIdentifier.of(CONSENT, "ledger"),
                schema,
                PartitionSpec.builderFor(schema).month("captured_at").build(),
                SortOrder.builderFor(schema).asc("captured_at").build(),
                defaultProperties(description),
                description);
    }

    /**
     * One row per subject, purpose, channel and recipient (the identifier fields): the decision in force, kept
     * current by the streaming consent job with upserts (equality deletes, hence format v2). Channel and
     * recipient are identifier fields and so required: the empty string stands for "not channel-specific" and
     * "no recipient".
     */
    private static TableSpec consentState() {
        String description = "Consent in force per subject, purpose, channel and recipient: the latest decision of the ledger.";
        FieldIds ids = new FieldIds();
        List<NestedField> columns = List.of(
                NestedField.required(ids.next(), "subject", Types.StringType.get(), "Token of the subject's highest-priority identifier in the deciding event."),
                NestedField.required(ids.next(), "subject_type", Types.StringType.get(), "Identifier type of subject, e.g. MEMBER_CARD, PHONE."),
                NestedField.required(ids.next(), "purpose", Types.StringType.get(), "MARKETING, PERSONALIZATION, THIRD_PARTY_SHARING, CROSS_BORDER_TRANSFER, SENSITIVE_DATA, ANALYTICS."),
                NestedField.required(ids.next(), "channel", Types.StringType.get(), "Contact channel of a marketing consent; empty when the purpose has none."),
                NestedField.required(ids.next(), "recipient", Types.StringType.get(), "Third party of a sharing or cross-border consent; empty when there is none."),
                NestedField.required(ids.next(), "granted", Types.BooleanType.get(), "True when the decision in force is a grant that counts (a minor's grant counts only with guardian consent)."),
                NestedField.required(ids.next(), "action", Types.StringType.get(), "GRANT, DENY or WITHDRAW: the decision in force."),
                NestedField.required(ids.next(), "policy_version", Types.StringType.get(), "Policy or consent text version of the decision in force."),
                NestedField.optional(ids.next(), "subject_is_minor", Types.BooleanType.get(), "True when the subject declared an age under 14."),
                NestedField.required(ids.next(), "guardian_consent", Types.BooleanType.get(), "True when a guardian decided for a minor."),
                NestedField.required(ids.next(), "source", Types.StringType.get(), "Channel that captured the decision."),
                NestedField.required(ids.next(), "captured_at", Types.TimestampType.withZone(), "When the decision in force was made; the latest wins."),
                NestedField.required(ids.next(), "event_id", Types.StringType.get(), "Ledger event of the decision in force."),
                NestedField.required(ids.next(), "updated_at", Types.TimestampType.withZone(), "When the row was written."));
        Schema numbered = TypeUtil.assignIncreasingFreshIds(new Schema(columns));
        Set<Integer> key = new LinkedHashSet<>();
        for (String name : List.of("subject", "purpose", "channel", "recipient")) {
            key.add(numbered.findField(name).fieldId());
        }
        Schema schema = new Schema(numbered.columns(), key);
        Map<String, String> properties = defaultProperties(description);
        properties.put(TableProperties.UPSERT_ENABLED, "true");
        return new TableSpec(
                TableIdentifier.of(CONSENT, "state"),
                schema,
                PartitionSpec.builderFor(schema).build(),
                SortOrder.builderFor(schema).asc("subject").build(),
                properties,
                description);
    }

    private static TableSpec profileMembers() {
        String description = "The 360-degree profile of each resolved member: identifiers, aliases, activity, spend and traits.";
        Schema schema = icebergSchema(Contract.MEMBER_PROFILE);
        return new TableSpec(
                TableIdentifier.of(PROFILE, "members"),
                schema,
                PartitionSpec.builderFor(schema).build(),
                SortOrder.builderFor(schema).asc("member_id").build(),
                defaultProperties(description),
                description);
    }

    private static Map<Contract, TableSpec> rawByContract() {
        Map<Contract, TableSpec> byContract = new EnumMap<>(Contract.class);
        byContract.put(Contract.WEB_EVENT, RAW_WEB_EVENTS);
        byContract.put(Contract.APP_EVENT, RAW_APP_EVENTS);
        byContract.put(Contract.MINI_PROGRAM_EVENT, RAW_MINI_PROGRAM_EVENTS);
        byContract.put(Contract.POS_TRANSACTION, RAW_POS_TRANSACTIONS);
        byContract.put(Contract.CONSENT_EVENT, RAW_CONSENT_EVENTS);
        byContract.put(Contract.DEAD_LETTER, DEAD_LETTERS);
        for (Contract contract : Contract.events()) {
            if (!byContract.containsKey(contract)) {
                throw new IllegalStateException("Event contract " + contract + " has no raw table");
            }
        }
        return byContract;
    }

    /** Placeholder field ids for hand-written schemas, unique within one schema; renumbered afterwards. */
    private static final class FieldIds {
        private int next = 1;

        int next() {
            return next++;
        }
    }
}
