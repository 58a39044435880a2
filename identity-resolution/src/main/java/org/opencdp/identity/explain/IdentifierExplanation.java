package org.opencdp.identity.explain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.opencdp.identity.cluster.ConflictRecord;
import org.opencdp.identity.cluster.DroppedEdge;
import org.opencdp.identity.cluster.Exclusion;
import org.opencdp.identity.cluster.Quarantine;
import org.opencdp.identity.cluster.WeakAttachment;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;

/**
 * Why an identifier is where it is.
 *
 * @param memberId its member, empty when excluded
 * @param clusterKey smallest identifier of its member
 * @param exclusion why it is in no member, if so
 * @param path the accepted edges leading from it to the member's cluster key, in order: the chain of evidence
 * @param acceptedEdges accepted edges touching it
 * @param attachment for a weak identifier, how its group was attached
 * @param conflicts dropped limit conflicts on its edges or over its value
 * @param droppedEdges its edges the rules removed (blocked, hub, superseded, marked bad)
 * @param quarantines its own quarantine and those of hubs it was linked to
 */
public record IdentifierExplanation(
        IdentifierKey identifier,
        Optional<String> memberId,
        Optional<IdentifierKey> clusterKey,
        Optional<Exclusion> exclusion,
        List<IdentityEdge> path,
        List<IdentityEdge> acceptedEdges,
        Optional<WeakAttachment> attachment,
        List<ConflictRecord> conflicts,
        List<DroppedEdge> droppedEdges,
        List<Quarantine> quarantines) {
    public IdentifierExplanation {
        requireNonNull(identifier, "identifier is null");
        requireNonNull(memberId, "memberId is null");
        requireNonNull(clusterKey, "clusterKey is null");
        requireNonNull(exclusion, "exclusion is null");
        path = List.copyOf(path);
        acceptedEdges = List.copyOf(acceptedEdges);
        requireNonNull(attachment, "attachment is null");
        conflicts = List.copyOf(conflicts);
        droppedEdges = List.copyOf(droppedEdges);
        quarantines = List.copyOf(quarantines);
    }
}
