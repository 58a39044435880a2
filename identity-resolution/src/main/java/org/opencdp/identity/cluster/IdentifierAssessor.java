package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.opencdp.identity.edge.EdgeSets;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.identity.rules.Strength;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * Decides the {@link IdentifierStatus} of one identifier from the edges that touch it: excluded (ignored type,
 * blocked token, marked bad), quarantined as a hub, or taken over by a new owner (recyclable types).
 *
 * <p>Hub rule: count, per neighbour type, the distinct identifiers linked to this one by usable edges (not bad,
 * not self links, the other end not ignored, blocked or marked bad); over {@link IdentityRules#hubThreshold}
 * for any type makes it a hub. Hub status of the neighbours is deliberately not consulted, so the decision
 * stays local to one identifier.
 *
 * <p>Recycled rule: for a recyclable type, sort the distinct times of its usable observations; a verified
 * observation at time {@code t} whose previous observation is at least {@link IdentityRules#recycleMinSilence}
 * older marks a takeover at {@code t}. The latest takeover wins; every edge of the identifier observed before it
 * is superseded (the number then belonged to someone else). Not a takeover when some neighbour was seen with
 * the identifier both before and at or after that time (the same card or account kept using the number: the same
 * owner came back after a silence).
 */
public final class IdentifierAssessor {
    private final IdentityRules rules;

    public IdentifierAssessor(IdentityRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    public IdentifierStatus assess(IdentifierKey key, Collection<IdentityEdge> incident, BadMarks marks) {
        requireNonNull(key, "key is null");
        requireNonNull(incident, "incident is null");
        requireNonNull(marks, "marks is null");
        if (incident.isEmpty()) {
            throw new IllegalArgumentException("identifier %s has no edges".formatted(key));
        }
        Instant firstSeen = null;
        for (IdentityEdge edge : incident) {
            if (firstSeen == null || edge.observedAt().isBefore(firstSeen)) {
                firstSeen = edge.observedAt();
            }
        }
        Exclusion exclusion = staticExclusion(key, marks);
        if (exclusion != null) {
            return new IdentifierStatus(key, exclusion, null, null, firstSeen);
        }
        List<IdentityEdge> usable = new ArrayList<>(incident.size());
        for (IdentityEdge edge : incident) {
            if (usableFor(key, edge, marks)) {
                usable.add(edge);
            }
        }
        Quarantine quarantine = hub(key, usable);
        if (quarantine != null) {
            return new IdentifierStatus(key, Exclusion.HUB, quarantine, null, firstSeen);
        }
        Instant takeoverAt = rules.rule(key.type()).recyclable() ? takeover(key, usable) : null;
        return new IdentifierStatus(key, null, null, takeoverAt, firstSeen);
    }

    /** Exclusion known without looking at any edge: ignored type, blocked token, marked bad. */
    public Exclusion staticExclusion(IdentifierKey key, BadMarks marks) {
        if (rules.strength(key.type()) == Strength.IGNORED) {
            return Exclusion.IGNORED_TYPE;
        }
        if (rules.isBlocked(key)) {
            return Exclusion.BLOCKED;
        }
        if (marks.isBadIdentifier(key)) {
            return Exclusion.MARKED_BAD;
        }
        return null;
    }

    private Quarantine hub(IdentifierKey key, List<IdentityEdge> usable) {
        Map<IdentifierType, Map<IdentifierKey, IdentityEdge>> neighbours = new EnumMap<>(IdentifierType.class);
        for (IdentityEdge edge : usable) {
            IdentifierKey other = edge.other(key).key();
            neighbours.computeIfAbsent(other.type(), type -> new HashMap<>()).merge(other, edge, EdgeSets::smaller);
        }
        Map<IdentifierType, Integer> counts = new EnumMap<>(IdentifierType.class);
        neighbours.forEach((type, byNeighbour) -> counts.put(type, byNeighbour.size()));
        return hubNeighbourType(counts)
                .map(type -> quarantine(key, type, counts.get(type), neighbours.get(type).values()))
                .orElse(null);
    }

    /**
     * The hub rule on distinct-neighbour counts alone, for engines that count with an aggregation instead of
     * holding every edge of an identifier: the neighbour type whose count is furthest over
     * {@link IdentityRules#hubThreshold} (ties by type name), or empty when no count is over its threshold.
     *
     * @param distinctNeighbours per neighbour type, the distinct identifiers linked by usable edges (not bad, not
     *        self links, the other end not statically excluded)
     */
    public Optional<IdentifierType> hubNeighbourType(Map<IdentifierType, Integer> distinctNeighbours) {
        requireNonNull(distinctNeighbours, "distinctNeighbours is null");
        IdentifierType worstType = null;
        int worstOverflow = 0;
        // by type name, so that equal overflows report the same type everywhere
        List<IdentifierType> types = distinctNeighbours.keySet().stream().sorted(Comparator.comparing(IdentifierType::name)).toList();
        for (IdentifierType type : types) {
            int overflow = distinctNeighbours.get(type) - rules.hubThreshold(type);
            if (overflow > worstOverflow) {
                worstOverflow = overflow;
                worstType = type;
            }
        }
        return Optional.ofNullable(worstType);
    }

    /**
     * The quarantine record of a hub, from candidate sample edges: the earliest edge (by
     * {@link IdentityEdge#CANONICAL}) per neighbour of {@code neighbourType}, or any superset of them among the
     * hub's usable edges to that type; the {@link IdentityRules#hubSampleEdges} smallest are kept.
     */
    public Quarantine quarantine(IdentifierKey hub, IdentifierType neighbourType, int distinctNeighbours, Collection<IdentityEdge> sampleCandidates) {
        requireNonNull(hub, "hub is null");
        requireNonNull(neighbourType, "neighbourType is null");
        Map<IdentifierKey, IdentityEdge> earliest = new HashMap<>();
        for (IdentityEdge edge : sampleCandidates) {
            earliest.merge(edge.other(hub).key(), edge, EdgeSets::smaller);
        }
        List<IdentityEdge> samples = earliest.values().stream()
                .sorted(IdentityEdge.CANONICAL)
                .limit(rules.hubSampleEdges())
                .toList();
        return new Quarantine(hub, neighbourType, distinctNeighbours, rules.hubThreshold(neighbourType), samples);
    }

    /** The edges {@link #assess} counts for the hub rule: not a self link, not marked bad, the other end not statically excluded. */
    public boolean usableFor(IdentifierKey key, IdentityEdge edge, BadMarks marks) {
        return !edge.isSelfLink() && !marks.isBadEdge(edge.linkId()) && staticExclusion(edge.other(key).key(), marks) == null;
    }

    private Instant takeover(IdentifierKey key, List<IdentityEdge> usable) {
        // distinct observation times, and whether any observation at that time verified this identifier
        TreeMap<Instant, Boolean> verifiedAt = new TreeMap<>();
        // first and last observation with each neighbour
        Map<IdentifierKey, Instant[]> span = new HashMap<>();
        for (IdentityEdge edge : usable) {
            verifiedAt.merge(edge.observedAt(), edge.end(key).verified(), Boolean::logicalOr);
            Instant[] firstLast = span.computeIfAbsent(edge.other(key).key(), k -> new Instant[] {edge.observedAt(), edge.observedAt()});
            if (edge.observedAt().isBefore(firstLast[0])) {
                firstLast[0] = edge.observedAt();
            }
            if (edge.observedAt().isAfter(firstLast[1])) {
                firstLast[1] = edge.observedAt();
            }
        }
        Duration silence = rules.recycleMinSilence();
        Instant takeover = null;
        Instant previous = null;
        for (Map.Entry<Instant, Boolean> entry : verifiedAt.entrySet()) {
            Instant time = entry.getKey();
            if (entry.getValue() && previous != null && Duration.between(previous, time).compareTo(silence) >= 0 && !continuous(span, time)) {
                takeover = time;
            }
            previous = time;
        }
        return takeover;
    }

    // some neighbour was seen with the identifier both before the time and at or after it: the same owner
    private static boolean continuous(Map<IdentifierKey, Instant[]> span, Instant time) {
        for (Instant[] firstLast : span.values()) {
            if (firstLast[0].isBefore(time) && !firstLast[1].isBefore(time)) {
                return true;
            }
        }
        return false;
    }
}
