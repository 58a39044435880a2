package org.opencdp.ingestion.batch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {
    @Test
    void splitsLinesCountsBlankOnesAndDropsTerminators() throws IOException {
        List<JsonLinesReader.Line> lines = read("{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}", 100);

        assertThat(lines).extracting(JsonLinesReader.Line::number).containsExactly(1L, 4L, 5L);
        assertThat(lines).extracting(line -> new String(line.bytes(), UTF_8)).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
    }

    @Test
    void cutsOverlongLinesWithoutBufferingThem() throws IOException {
        String longLine = "x".repeat(200_000);

        List<JsonLinesReader.Line> lines = read(longLine + "\n{}\n", 1000);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).bytes()).hasSize(1001);
        assertThat(new String(lines.get(1).bytes(), UTF_8)).isEqualTo("{}");
        assertThat(lines.get(1).number()).isEqualTo(2);
    }

    private static List<JsonLinesReader.Line> read(String text, int maxLineBytes) throws IOException {
        List<JsonLinesReader.Line> lines = new ArrayList<>();
        try (JsonLinesReader reader = new JsonLinesReader(new ByteArrayInputStream(text.getBytes(UTF_8)), maxLineBytes)) {
            for (JsonLinesReader.Line line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
