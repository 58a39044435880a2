package org.opencdp.platform.generator;

import static java.util.Objects.requireNonNull;

/**
 * A hazard an event carries on purpose, with a short detail such as the clock skew.
 */
record HazardMark(Hazard hazard, String detail)
{
    HazardMark
    {
        requireNonNull(hazard, "hazard is null");
        requireNonNull(detail, "detail is null");
    }
}
