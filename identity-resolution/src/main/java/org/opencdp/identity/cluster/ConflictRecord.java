package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * A strong edge dropped because joining its two sides would give one member more values of a limited type than
 * the limit allows (two member cards). {@code leftValues} and {@code rightValues} are the values of that type
 * each side held when the edge came up; {@code observations} counts the edges between the same two identifiers,
 * all dropped with this one (the one recorded is the best-ranked).
 */
public record ConflictRecord(IdentityEdge edge, IdentifierType limitedType, int limit, List<IdentifierKey> leftValues, List<IdentifierKey> rightValues, int observations) {
    public ConflictRecord {
        requireNonNull(edge, "edge is null");
        requireNonNull(limitedType, "limitedType is null");
        leftValues = List.copyOf(leftValues);
        rightValues = List.copyOf(rightValues);
    }
}
