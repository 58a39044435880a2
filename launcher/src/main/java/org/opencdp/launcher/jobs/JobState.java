package org.opencdp.launcher.jobs;

import java.util.Locale;

/** Life cycle of a job: queued, then running, then exactly one of the final states. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** The name used on the wire and in the store: {@code queued}, {@code running}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public static JobState fromWireName(String name) {
        for (JobState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown job state '" + name + "'; expected one of queued, running, succeeded, failed, cancelled");
    }
}
