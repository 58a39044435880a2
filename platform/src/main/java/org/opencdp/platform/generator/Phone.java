package org.opencdp.platform.generator;

import static java.util.Objects.requireNonNull;

/**
 * A phone number a person uses between {@code from} and {@code to}.
 */
record Phone(String number, long from, long to, Kind kind)
{
    enum Kind
    {
        OWN,
        /** the person gives the number up; the carrier later re-assigns it */
        RECYCLED_BEFORE,
        /** the person got a re-assigned number */
        RECYCLED_AFTER,
        /** the phone every QA test profile uses */
        TEST,
    }

    Phone
    {
        requireNonNull(number, "number is null");
        requireNonNull(kind, "kind is null");
        if (number.length() != 11) {
            throw new IllegalArgumentException("phone number must have 11 digits: " + number);
        }
    }

    boolean usableAt(long time)
    {
        return time >= from && time < to;
    }
}
