package org.opencdp.identity.ids;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.opencdp.identity.edge.IdentifierKey;

/**
 * A live member id. {@code createdAt} is the first observation of its founding identifier ({@code anchor}), an
 * event time rather than a run time, so that it is the same whichever run created the id.
 */
public record MemberInfo(String memberId, Instant createdAt, IdentifierKey anchor) {
    public MemberInfo {
        requireNonNull(memberId, "memberId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(anchor, "anchor is null");
    }
}
