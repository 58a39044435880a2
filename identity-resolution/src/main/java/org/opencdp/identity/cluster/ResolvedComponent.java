package org.opencdp.identity.cluster;

import java.util.List;

/** The outcome of the rules on one connected component of kept edges. Lists are sorted for stable output. */
public record ResolvedComponent(List<Cluster> clusters, List<ConflictRecord> conflicts, List<WeakAttachment> attachments) {
    public ResolvedComponent {
        clusters = List.copyOf(clusters);
        conflicts = List.copyOf(conflicts);
        attachments = List.copyOf(attachments);
    }
}
