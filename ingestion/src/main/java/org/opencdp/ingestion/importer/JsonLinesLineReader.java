package org.opencdp.ingestion.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.opencdp.ingestion.decode.ReasonCode;

/**
 * Reads one flat JSON object per line; keys play the part of CSV columns and scalar values are taken as their
 * text (numbers exactly as written). Blank lines are skipped; a line that is not a JSON object is returned as a
 * malformed record so it is dead-lettered rather than dropped.
 */
final class JsonLinesLineReader implements SourceLineReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final BufferedReader reader;
    private long line;

    JsonLinesLineReader(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
    }

    @Override
    public SourceLine next() {
        try {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                line++;
                if (!text.isBlank()) {
                    return parse(line, text);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read line " + (line + 1), e);
        }
    }

    private static SourceLine parse(long line, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new SourceLine(line, text, Map.of(), new SourceLine.Malformed(ReasonCode.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            return new SourceLine(line, text, Map.of(), new SourceLine.Malformed(ReasonCode.MALFORMED_JSON, "not a JSON object"));
        }
        Map<String, String> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            String textValue = value.isNumber() ? value.decimalValue().toPlainString()
                    : value.isValueNode() ? value.asText() : value.toString();
            if (!textValue.isBlank()) {
                values.put(field.getKey(), textValue.strip());
            }
        }
        return new SourceLine(line, text, values, null);
    }

    @Override
    public String payloadPreamble() {
        return "";
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
