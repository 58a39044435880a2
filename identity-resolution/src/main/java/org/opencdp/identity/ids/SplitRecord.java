package org.opencdp.identity.ids;

import static java.util.Objects.requireNonNull;

/**
 * Part of a member that left it in a run: {@code fromMemberId} kept its id on the oldest part, this part got
 * {@code newMemberId}; {@code revived} when that is an alias id coming back (an unmerge undoing a merge).
 */
public record SplitRecord(String fromMemberId, String newMemberId, boolean revived) {
    public SplitRecord {
        requireNonNull(fromMemberId, "fromMemberId is null");
        requireNonNull(newMemberId, "newMemberId is null");
    }
}
