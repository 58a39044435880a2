package org.opencdp.platform.generator;

import static java.util.Objects.requireNonNull;

/**
 * Consecutive persons living together who share a tablet; each logs in to the app as themselves.
 */
record Family(String familyId, int firstMember, int size, Device tablet)
{
    Family
    {
        requireNonNull(familyId, "familyId is null");
        requireNonNull(tablet, "tablet is null");
    }
}
