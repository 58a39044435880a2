package org.opencdp.launcher.identity;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The lines of {@code hazard_events.csv} a replay needs: device clock skews and recycled-number takeovers. */
final class HazardLines {
    private final Map<String, Long> skewMillis;
    private final Set<String> newOwnerLines;

    private HazardLines(Map<String, Long> skewMillis, Set<String> newOwnerLines) {
        this.skewMillis = skewMillis;
        this.newOwnerLines = newOwnerLines;
    }

    /** {@code file,line,event_id,hazard,detail}; a dataset generated without hazards may have no file. */
    static HazardLines read(Path csv)
            throws IOException {
        Map<String, Long> skews = new HashMap<>();
        Set<String> newOwners = new HashSet<>();
        if (!Files.exists(csv)) {
            return new HazardLines(skews, newOwners);
        }
        try (BufferedReader reader = Files.newBufferedReader(csv, UTF_8)) {
            String row = reader.readLine();
            while ((row = reader.readLine()) != null) {
                String[] fields = row.split(",", 5);
                if (fields.length < 5) {
                    throw new IllegalArgumentException("Bad row in %s: %s".formatted(csv, row));
                }
                String position = position(fields[0], Long.parseLong(fields[1]));
                switch (fields[3]) {
                    case "CLOCK_SKEW" -> skews.put(position, Long.parseLong(fields[4].substring(fields[4].indexOf('=') + 1)));
                    case "RECYCLED_PHONE" -> {
                        if (fields[4].equals("new_owner")) {
                            newOwners.add(position);
                        }
                    }
                    default -> { }
                }
            }
        }
        return new HazardLines(skews, newOwners);
    }

    long skewMillis(String file, long line) {
        return skewMillis.getOrDefault(position(file, line), 0L);
    }

    boolean isNewOwnerOfRecycledPhone(String file, long line) {
        return newOwnerLines.contains(position(file, line));
    }

    private static String position(String file, long line) {
        return file + ':' + line;
    }
}
