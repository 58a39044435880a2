package org.opencdp.platform.lakehouse;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The state of one lakehouse table from its current snapshot: row and data file counts (from the snapshot
 * summary, so no file is read), snapshot id and commit time. A table without a snapshot has zero rows.
 */
public record TableStatus(
        TableIdentifier identifier,
        String description,
        boolean exists,
        long rowCount,
        long dataFileCount,
        OptionalLong currentSnapshotId,
        Optional<Instant> lastCommit) {
    public TableStatus {
        requireNonNull(identifier, "identifier is null");
        requireNonNull(description, "description is null");
        requireNonNull(currentSnapshotId, "currentSnapshotId is null");
        requireNonNull(lastCommit, "lastCommit is null");
    }

    static TableStatus missing(TableSpec spec) {
        return new TableStatus(spec.identifier(), spec.description(), false, 0, 0, OptionalLong.empty(), Optional.empty());
    }
}
