package org.opencdp.launcher.identity;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The server clock of a replay: set to each record's arrival time before the edge processes it, so the edge's
 * skew correction and future-time check see what a live collector would have seen. Not thread-safe.
 */
final class ReplayClock extends Clock {
    private Instant now;

    ReplayClock(Instant start) {
        this.now = requireNonNull(start, "start is null");
    }

    void set(Instant instant) {
        this.now = requireNonNull(instant, "instant is null");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a replay clock is always UTC");
    }
}
