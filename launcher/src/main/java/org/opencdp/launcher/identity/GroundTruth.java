package org.opencdp.launcher.identity;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * {@code ground_truth.csv} ({@code identifier_type,identifier_value,person_id}) tokenized with the key of the
 * evaluated data, split into identifiers of one person, of several persons, and of no one ({@code shared}).
 */
final class GroundTruth {
    private final Map<IdentifierKey, String> singleOwner;
    private final Map<IdentifierKey, List<String>> multiOwner;
    private final Set<IdentifierKey> shared;

    private GroundTruth(Map<IdentifierKey, String> singleOwner, Map<IdentifierKey, List<String>> multiOwner, Set<IdentifierKey> shared) {
        this.singleOwner = singleOwner;
        this.multiOwner = multiOwner;
        this.shared = shared;
    }

    static GroundTruth read(Path csv, IdentifierTokenizer tokenizer)
            throws IOException {
        Map<IdentifierKey, String> single = new HashMap<>();
        Map<IdentifierKey, List<String>> multi = new HashMap<>();
        Set<IdentifierKey> shared = new HashSet<>();
        try (BufferedReader reader = Files.newBufferedReader(csv, UTF_8)) {
            String row = reader.readLine();
            while ((row = reader.readLine()) != null) {
                int first = row.indexOf(',');
                int last = row.lastIndexOf(',');
                if (first < 0 || last == first) {
                    throw new IllegalArgumentException("Bad row in %s: %s".formatted(csv, row));
                }
                IdentifierType type = IdentifierType.valueOf(row.substring(0, first));
                String token = tokenizer.token(type, row.substring(first + 1, last));
                String person = row.substring(last + 1);
                if (token == null) {
                    continue;
                }
                IdentifierKey key = IdentifierKey.of(type, token);
                if (person.equals(IdentityQualityEvaluation.SHARED)) {
                    shared.add(key);
                    continue;
                }
                List<String> owners = multi.get(key);
                if (owners != null) {
                    if (!owners.contains(person)) {
                        owners.add(person);
                    }
                    continue;
                }
                String owner = single.putIfAbsent(key, person);
                if (owner != null && !owner.equals(person)) {
                    single.remove(key);
                    multi.put(key, new ArrayList<>(List.of(owner, person)));
                }
            }
        }
        shared.forEach(single::remove);
        shared.forEach(multi::remove);
        return new GroundTruth(single, multi, shared);
    }

    /** Identifiers of exactly one person: the universe of the pairwise evaluation. */
    Map<IdentifierKey, String> singleOwner() {
        return singleOwner;
    }

    /** Identifiers of several persons, with their persons in ground-truth order. */
    Map<IdentifierKey, List<String>> multiOwner() {
        return multiOwner;
    }

    /** Identifiers of no one or of several persons. */
    Set<IdentifierKey> hubs() {
        Set<IdentifierKey> hubs = new HashSet<>(shared);
        hubs.addAll(multiOwner.keySet());
        return hubs;
    }

    Optional<String> singleOwnerOrShared(IdentifierKey key) {
        if (shared.contains(key)) {
            return Optional.of(IdentityQualityEvaluation.SHARED);
        }
        return Optional.ofNullable(singleOwner.get(key));
    }
}
