package org.opencdp.platform.generator;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

/**
 * Writes a generation into a directory: the five JSON-lines files and the files that describe them.
 */
final class DirectoryOutput
        implements Closeable
{
    static final String GROUND_TRUTH = "ground_truth.csv";
    static final String PERSONS = "persons.csv";
    static final String BAD_RECORDS = "bad_records.csv";
    static final String HAZARD_EVENTS = "hazard_events.csv";
    static final String MANIFEST = "manifest.json";

    private static final int BUFFER = 1 << 20;

    private final Path directory;
    private final World world;
    private final Tally tally;
    private final Map<OmoSource, OutputStream> lines = new EnumMap<>(OmoSource.class);
    private final OutputStream groundTruth;
    private final OutputStream persons;
    private final OutputStream badRecords;
    private final OutputStream hazardEvents;

    DirectoryOutput(Path directory, World world, Tally tally)
            throws IOException
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.world = requireNonNull(world, "world is null");
        this.tally = requireNonNull(tally, "tally is null");
        Files.createDirectories(directory);
        try {
            for (OmoSource source : OmoSource.values()) {
                lines.put(source, open(source.fileName()));
            }
            groundTruth = open(GROUND_TRUTH);
            persons = open(PERSONS);
            badRecords = open(BAD_RECORDS);
            hazardEvents = open(HAZARD_EVENTS);
        }
        catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        text(groundTruth, "identifier_type,identifier_value,person_id\n");
        text(persons, "person_id,is_minor,is_test_account,home_store_id,city,gender,birth_year,first_channel,first_seen,last_seen,family_id,clock_skew_ms\n");
        text(badRecords, "file,line,expected_reason\n");
        text(hazardEvents, "file,line,event_id,hazard,detail\n");
    }

    void write(PersonOutput output)
            throws IOException
    {
        for (GeneratedRecord record : output.records()) {
            long line = tally.count(record);
            OutputStream stream = lines.get(record.source());
            stream.write(record.line());
            stream.write('\n');
            String file = record.source().fileName();
            if (record.badReason() != null) {
                text(badRecords, file + "," + line + "," + record.badReason().name() + "\n");
            }
            for (HazardMark mark : record.hazards()) {
                text(hazardEvents, file + "," + line + "," + record.eventId() + "," + mark.hazard().name() + "," + mark.detail() + "\n");
            }
        }
        Person person = output.person();
        List<GroundTruth.Row> rows = GroundTruth.of(person);
        for (GroundTruth.Row row : rows) {
            text(groundTruth, row.csv() + "\n");
        }
        tally.countPerson(rows.size());
        text(persons, String.join(",",
                person.personId(),
                Boolean.toString(person.minor()),
                Boolean.toString(person.testAccount()),
                person.homeStore().storeId(),
                person.homeStore().city(),
                person.gender(),
                Integer.toString(person.birthYear()),
                person.firstChannel(),
                Timestamps.format(person.firstSeen()),
                Timestamps.format(person.lastSeen()),
                person.family() == null ? "" : person.family().familyId(),
                Long.toString(person.clockSkewMillis())) + "\n");
    }

    /** Writes what is known only at the end: the hub identifiers and the manifest. */
    void finish()
            throws IOException
    {
        List<GroundTruth.Row> shared = GroundTruth.shared(world);
        for (GroundTruth.Row row : shared) {
            text(groundTruth, row.csv() + "\n");
        }
        tally.countGroundTruth(shared.size());
        GenerationResult result = tally.result(world.settings(), Optional.of(directory));
        ObjectMapper mapper = new ObjectMapper();
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        byte[] manifest = mapper.writer(printer).writeValueAsBytes(manifest(mapper, result));
        Files.write(directory.resolve(MANIFEST), manifest);
    }

    private ObjectNode manifest(ObjectMapper mapper, GenerationResult result)
    {
        GeneratorSettings settings = world.settings();
        ObjectNode root = mapper.createObjectNode();
        root.put("format_version", 1);
        ObjectNode settingsNode = root.putObject("settings");
        settingsNode.put("members", settings.members());
        settingsNode.put("seed", settings.seed());
        settingsNode.put("start", settings.start().toString());
        settingsNode.put("end", settings.end().toString());
        settingsNode.put("bad_record_rate", settings.badRecordRate());
        ArrayNode hazards = settingsNode.putArray("hazards");
        settings.hazards().forEach(hazard -> hazards.add(hazard.name()));

        ObjectNode brand = root.putObject("brand");
        brand.put("web_site_id", Brand.WEB_SITE_ID);
        brand.put("app_bundle_id", Brand.APP_BUNDLE_ID);
        brand.put("mini_program_mall_appid", Brand.MINI_MALL_APPID);
        brand.put("mini_program_member_appid", Brand.MINI_MEMBER_APPID);
        brand.put("official_account_appid", Brand.OFFICIAL_ACCOUNT_APPID);
        brand.put("stores", world.stores().size());
        brand.put("products", world.products().size());

        ObjectNode policy = root.putObject("policy_versions");
        policy.put("previous", world.oldPolicyVersion());
        policy.put("current", world.newPolicyVersion());
        policy.put("current_since", Timestamps.format(world.policySwitchMillis()));

        root.put("persons", result.persons());
        root.put("ground_truth_rows", result.groundTruthRows());
        root.put("total_lines", result.totalLines());
        root.put("good_lines", result.goodLines());
        root.put("bad_lines", result.badLines());
        ObjectNode files = root.putObject("files");
        for (OmoSource source : OmoSource.values()) {
            GenerationResult.SourceCounts counts = result.sources().get(source);
            ObjectNode file = files.putObject(source.fileName());
            file.put("lines", counts.lines());
            file.put("good", counts.good());
            file.put("bad", counts.bad());
        }
        ObjectNode bad = root.putObject("bad_records");
        for (BadRecordReason reason : BadRecordReason.values()) {
            bad.put(reason.name(), result.badRecords().get(reason));
        }
        ObjectNode hazardEvents = root.putObject("hazard_events");
        for (Hazard hazard : Hazard.values()) {
            hazardEvents.put(hazard.name(), result.hazardEvents().get(hazard));
        }
        return root;
    }

    @Override
    public void close()
            throws IOException
    {
        IOException failure = null;
        for (OutputStream stream : new OutputStream[] {lines.get(OmoSource.WEB_EVENTS), lines.get(OmoSource.APP_EVENTS), lines.get(OmoSource.MINI_PROGRAM_EVENTS),
                lines.get(OmoSource.POS_TRANSACTIONS), lines.get(OmoSource.CONSENT_EVENTS), groundTruth, persons, badRecords, hazardEvents}) {
            if (stream == null) {
                continue;
            }
            try {
                stream.close();
            }
            catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
                else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private OutputStream open(String name)
            throws IOException
    {
        return new BufferedOutputStream(Files.newOutputStream(directory.resolve(name), CREATE, TRUNCATE_EXISTING, WRITE), BUFFER);
    }

    private static void text(OutputStream stream, String text)
            throws IOException
    {
        stream.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
