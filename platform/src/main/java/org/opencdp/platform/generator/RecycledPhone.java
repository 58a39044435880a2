package org.opencdp.platform.generator;

import static java.util.Objects.requireNonNull;

/**
 * A number the carrier took back from one person and, after a quarantine, gave to another.
 *
 * @param stopAt when the old owner stopped using the number
 * @param startAt when the new owner got (and verified) it
 */
record RecycledPhone(String number, int oldOwner, int newOwner, long stopAt, long startAt)
{
    RecycledPhone
    {
        requireNonNull(number, "number is null");
        if (stopAt >= startAt) {
            throw new IllegalArgumentException("recycled phone %s stops at %s but restarts at %s".formatted(number, stopAt, startAt));
        }
    }
}
