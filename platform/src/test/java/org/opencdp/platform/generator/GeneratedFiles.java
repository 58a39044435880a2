package org.opencdp.platform.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A generated directory read back for assertions.
 */
final class GeneratedFiles
{
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    final Path directory;
    final Map<OmoSource, List<byte[]>> lines = new EnumMap<>(OmoSource.class);
    /** file -> line number -> reason */
    final Map<OmoSource, Map<Long, BadRecordReason>> bad = new EnumMap<>(OmoSource.class);
    /** file -> line number -> hazards */
    final Map<OmoSource, Map<Long, List<Hazard>>> hazards = new EnumMap<>(OmoSource.class);
    /** "TYPE|value" -> person ids (or "shared") */
    final Map<String, Set<String>> groundTruth = new HashMap<>();
    final List<String[]> persons = new ArrayList<>();

    GeneratedFiles(Path directory)
            throws IOException
    {
        this.directory = directory;
        for (OmoSource source : OmoSource.values()) {
            lines.put(source, splitLines(Files.readAllBytes(directory.resolve(source.fileName()))));
            bad.put(source, new HashMap<>());
            hazards.put(source, new HashMap<>());
        }
        for (String[] row : csv("bad_records.csv", "file,line,expected_reason")) {
            bad.get(OmoSource.fromSourceName(row[0])).put(Long.parseLong(row[1]), BadRecordReason.valueOf(row[2]));
        }
        for (String[] row : csv("hazard_events.csv", "file,line,event_id,hazard,detail")) {
            hazards.get(OmoSource.fromSourceName(row[0])).computeIfAbsent(Long.parseLong(row[1]), line -> new ArrayList<>()).add(Hazard.valueOf(row[3]));
        }
        for (String[] row : csv("ground_truth.csv", "identifier_type,identifier_value,person_id")) {
            groundTruth.computeIfAbsent(row[0] + "|" + row[1], key -> new LinkedHashSet<>()).add(row[2]);
        }
        persons.addAll(csv("persons.csv", null));
    }

    JsonNode manifest()
            throws IOException
    {
        return JSON.readTree(directory.resolve("manifest.json").toFile());
    }

    /** Good lines of a file as (line number, parsed JSON). */
    List<Map.Entry<Long, JsonNode>> goodRecords(OmoSource source)
    {
        List<Map.Entry<Long, JsonNode>> good = new ArrayList<>();
        List<byte[]> all = lines.get(source);
        for (int i = 0; i < all.size(); i++) {
            long line = i + 1;
            if (!bad.get(source).containsKey(line)) {
                good.add(Map.entry(line, parse(all.get(i))));
            }
        }
        return good;
    }

    static JsonNode parse(byte[] line)
    {
        try {
            return JSON.readTree(line);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + new String(line, StandardCharsets.UTF_8), e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Identifiers of an event as "TYPE|normalised value" keys of the ground truth. */
    static List<String> identifierKeys(JsonNode event)
    {
        JsonNode ids = event.get("identifiers");
        List<String> keys = new ArrayList<>();
        add(keys, "MEMBER_CARD", ids.get("member_card"));
        if (ids.hasNonNull("phone")) {
            keys.add("PHONE|" + PhoneNumbers.normalise(ids.get("phone").asText()));
        }
        add(keys, "WECHAT_UNIONID", ids.get("wechat_unionid"));
        if (ids.hasNonNull("wechat_openid")) {
            keys.add("WECHAT_OPENID|" + ids.get("wechat_openid").asText() + "@" + ids.get("wechat_appid").asText());
        }
        add(keys, "ALIPAY_ID", ids.get("alipay_id"));
        if (ids.hasNonNull("email")) {
            keys.add("EMAIL|" + ids.get("email").asText().toLowerCase(Locale.ROOT));
        }
        add(keys, "OAID", ids.get("oaid"));
        add(keys, "IDFA", ids.get("idfa"));
        add(keys, "ANDROID_ID", ids.get("android_id"));
        add(keys, "WEB_ANONYMOUS_ID", ids.get("web_anonymous_id"));
        add(keys, "PAYMENT_TOKEN", ids.get("payment_token"));
        return keys;
    }

    private static void add(List<String> keys, String type, JsonNode value)
    {
        if (value != null && !value.isNull()) {
            keys.add(type + "|" + value.asText());
        }
    }

    private List<String[]> csv(String name, String expectedHeader)
            throws IOException
    {
        List<String> all = Files.readAllLines(directory.resolve(name), StandardCharsets.UTF_8);
        if (expectedHeader != null && !all.get(0).equals(expectedHeader)) {
            throw new IllegalStateException(name + " header is " + all.get(0));
        }
        return all.subList(1, all.size()).stream().map(line -> line.split(",", -1)).toList();
    }

    static List<byte[]> splitLines(byte[] content)
    {
        List<byte[]> result = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                result.add(Arrays.copyOfRange(content, start, i));
                start = i + 1;
            }
        }
        if (start != content.length) {
            throw new IllegalStateException("file does not end with a newline");
        }
        return result;
    }
}
