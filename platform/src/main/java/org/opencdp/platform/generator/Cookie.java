package org.opencdp.platform.generator;

import static java.util.Objects.requireNonNull;

/**
 * A first-party web cookie id; it lives until the browser is cleared or replaced.
 */
record Cookie(String id, long from, long to)
{
    Cookie
    {
        requireNonNull(id, "id is null");
    }

    boolean usableAt(long time)
    {
        return time >= from && time < to;
    }
}
