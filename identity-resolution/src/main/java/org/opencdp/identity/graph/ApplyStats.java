package org.opencdp.identity.graph;

/**
 * What a run recomputed.
 *
 * @param full every identifier was recomputed
 * @param touchedIdentifiers identifiers whose own status was re-evaluated (ends of new or re-marked edges)
 * @param replacedComponents components of the previous graph that were recomputed
 * @param recomputedComponents components produced by the recomputation
 * @param recomputedEdges edges the recomputation read
 * @param totalComponents components in the resulting graph
 * @param totalEdges edges in the resulting graph
 */
public record ApplyStats(boolean full, int touchedIdentifiers, int replacedComponents, int recomputedComponents, int recomputedEdges, int totalComponents, int totalEdges) {
    public static ApplyStats none() {
        return new ApplyStats(false, 0, 0, 0, 0, 0, 0);
    }
}
