package org.opencdp.identity.edge;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.opencdp.schemas.avro.IdentityLink;

/** Converts the {@code IdentityLink} Avro contract into the core's edge type, so Avro stays at the boundary. */
public final class AvroEdges {
    private AvroEdges() {}

    public static IdentityEdge fromAvro(IdentityLink link) {
        requireNonNull(link, "link is null");
        return new IdentityEdge(
                link.getLinkId(),
                identifier(link.getLeft()),
                identifier(link.getRight()),
                link.getRule(),
                link.getSource() == null ? "UNKNOWN" : link.getSource().name(),
                link.getSourceEventId(),
                link.getObservedAt());
    }

    private static Identifier identifier(org.opencdp.schemas.avro.Identifier avro) {
        return new Identifier(IdentifierKey.of(avro.getType(), avro.getToken()), avro.getVerified());
    }

    /** Convenience for callers holding epoch milliseconds (Spark rows, Iceberg timestamps). */
    public static Instant instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis);
    }
}
