package org.opencdp.launcher.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The metrics protocol between a job and the server: the last line of the job's output that is a JSON
 * object is its metrics (for example {@code {"tablesCreated":12}}). Jobs print it as their final line;
 * log lines written after it (shutdown messages) do not hide it. A job that prints none has {@code {}}.
 */
public final class JobMetrics {
    public static final String NONE = "{}";
    /** Only the end of a log is read: metrics are the last thing a job prints. */
    private static final int TAIL_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobMetrics() {}

    public static String fromLog(Path log) {
        if (!Files.isRegularFile(log)) {
            return NONE;
        }
        String tail;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            tail = new String(bytes, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            return NONE;
        }
        List<String> lines = tail.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (line.startsWith("{") && line.endsWith("}")) {
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node != null && node.isObject()) {
                        return JSON.writeValueAsString(node);
                    }
                }
                catch (IOException e) {
                    // not JSON after all: keep looking further up
                }
            }
        }
        return NONE;
    }
}
