/**
 * Deterministic generator of online-merge-offline (OMO) retail data for a Chinese retailer: what the
 * web, app and WeChat mini-program SDKs, the POS systems and the consent screens send, with the ground
 * truth of who is who.
 *
 * <h2>What it writes</h2>
 * {@link org.opencdp.platform.generator.OmoGenerator#generate(java.nio.file.Path)} writes one JSON
 * object per line into {@code web_events.jsonl}, {@code app_events.jsonl},
 * {@code mini_program_events.jsonl}, {@code pos_transactions.jsonl} and {@code consent_events.jsonl}.
 * Field names are exactly the Avro field names of {@code WebEvent}, {@code AppEvent},
 * {@code MiniProgramEvent}, {@code PosTransaction} and {@code ConsentEvent}, in plain JSON: a nullable
 * field is a value or absent, timestamps are ISO-8601 with the +08:00 offset, enums are their symbol,
 * {@code business_day} is {@code yyyy-MM-dd}, money is in fen and identifiers are clear values
 * (tokenization happens in ingestion). Beside them:
 * <ul>
 * <li>{@code ground_truth.csv} ({@code identifier_type,identifier_value,person_id}): every identifier
 * value of every person, normalised (11-digit phones, lower-case e-mail, {@code openid@appid}); hub
 * identifiers that belong to nobody have person id {@code shared}; a family tablet, the QA test phone
 * and a recycled number are listed once per person who uses them;</li>
 * <li>{@code persons.csv}: one row per person (minor, test account, home store, family, clock skew...);</li>
 * <li>{@code bad_records.csv} ({@code file,line,expected_reason}): every line that is bad on purpose;</li>
 * <li>{@code hazard_events.csv} ({@code file,line,event_id,hazard,detail}): good lines that carry a
 * {@link org.opencdp.platform.generator.Hazard};</li>
 * <li>{@code manifest.json}: settings, counts per file, bad lines per reason, hazard lines per hazard.</li>
 * </ul>
 * {@link org.opencdp.platform.generator.OmoGenerator#generate(org.opencdp.platform.generator.EventSink)}
 * sends the same lines, in the same order, to a sink instead (for Kafka or HTTP).
 *
 * <h2>Determinism</h2>
 * The same members, seed, period, bad-record rate and hazards give byte-identical files whatever the
 * number of threads: the shared plan (stores, catalog, families, recycled numbers, test accounts) comes
 * from the seed, each person from a {@link java.util.SplittableRandom} seeded by the seed and the
 * person's index, and lines are written in person order. No wall clock, no hash-order iteration.
 *
 * <h2>Hazards</h2>
 * Shared store iPads and smart POS terminals, the placeholder phone 13800000000, a recycled phone
 * number, family-shared tablets, minors under 14, QA test accounts sharing 13912345678, late events and
 * client clock skew; each can be switched off in {@link org.opencdp.platform.generator.GeneratorSettings}.
 * Apart from these, the identifiers in one event always belong to one person.
 *
 * <p>See {@code platform/GENERATOR.md} for the full description.
 */
package org.opencdp.platform.generator;
