package org.opencdp.ingestion.collector;

import static java.util.Objects.requireNonNull;

/** A new write key: the stored entry and the clear key, which exists only here and is shown once. */
public record CreatedWriteKey(WriteKey entry, String key) {
    public CreatedWriteKey {
        requireNonNull(entry, "entry is null");
        requireNonNull(key, "key is null");
    }

    @Override
    public String toString() {
        return "CreatedWriteKey[id=" + entry.id() + ", sources=" + entry.sourceNames() + "]";
    }
}
