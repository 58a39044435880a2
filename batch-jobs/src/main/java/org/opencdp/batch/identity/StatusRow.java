package org.opencdp.batch.identity;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

import org.opencdp.identity.cluster.Exclusion;
import org.opencdp.identity.cluster.IdentifierStatus;
import org.opencdp.identity.cluster.Quarantine;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * What the rules decided about one identifier, as a Spark bean (flat columns, times in epoch milliseconds): the
 * core's {@code IdentifierStatus} without a hub's sample edges, which travel in {@code QuarantineResult}.
 * {@link #of(IdentifierStatus)} and {@link #toStatus()} cross into the core.
 */
public final class StatusRow
        implements Serializable
{
    private static final long serialVersionUID = 1L;

    private String key;
    private String exclusion;
    private String hubNeighbourType;
    private int hubDistinct;
    private int hubThreshold;
    private Long takeoverAt;
    private long firstSeen;

    public StatusRow() {}

    public static StatusRow of(IdentifierStatus status)
    {
        StatusRow row = new StatusRow();
        row.key = status.key().toString();
        row.exclusion = status.exclusion() == null ? null : status.exclusion().name();
        Quarantine quarantine = status.quarantine();
        if (quarantine != null) {
            row.hubNeighbourType = quarantine.neighbourType().name();
            row.hubDistinct = quarantine.distinctNeighbours();
            row.hubThreshold = quarantine.threshold();
        }
        row.takeoverAt = status.takeoverAt() == null ? null : status.takeoverAt().toEpochMilli();
        row.firstSeen = status.firstSeen().toEpochMilli();
        return row;
    }

    /** The status of an identifier the rules exclude before looking at its edges (blocked, ignored type, marked bad). */
    public static StatusRow excluded(String key, Exclusion exclusion, long firstSeen)
    {
        StatusRow row = new StatusRow();
        row.key = key;
        row.exclusion = exclusion.name();
        row.firstSeen = firstSeen;
        return row;
    }

    /** The status of a quarantined hub. */
    public static StatusRow hub(Resolved.QuarantineResult hub, long firstSeen)
    {
        StatusRow row = excluded(hub.key(), Exclusion.HUB, firstSeen);
        row.hubNeighbourType = hub.neighbourType();
        row.hubDistinct = hub.distinctNeighbours();
        row.hubThreshold = hub.threshold();
        return row;
    }

    /** The core's status; a hub's sample edges are not needed to filter edges. */
    public IdentifierStatus toStatus()
    {
        IdentifierKey identifier = IdentifierKey.parse(key);
        Exclusion excluded = exclusion == null ? null : Exclusion.valueOf(exclusion);
        Quarantine quarantine = excluded == Exclusion.HUB
                ? new Quarantine(identifier, IdentifierType.valueOf(hubNeighbourType), hubDistinct, hubThreshold, List.of())
                : null;
        return new IdentifierStatus(identifier, excluded, quarantine, takeoverAt == null ? null : Instant.ofEpochMilli(takeoverAt),
                Instant.ofEpochMilli(firstSeen));
    }

    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
    public String getExclusion() { return exclusion; }
    public void setExclusion(String exclusion) { this.exclusion = exclusion; }
    public String getHubNeighbourType() { return hubNeighbourType; }
    public void setHubNeighbourType(String hubNeighbourType) { this.hubNeighbourType = hubNeighbourType; }
    public int getHubDistinct() { return hubDistinct; }
    public void setHubDistinct(int hubDistinct) { this.hubDistinct = hubDistinct; }
    public int getHubThreshold() { return hubThreshold; }
    public void setHubThreshold(int hubThreshold) { this.hubThreshold = hubThreshold; }
    public Long getTakeoverAt() { return takeoverAt; }
    public void setTakeoverAt(Long takeoverAt) { this.takeoverAt = takeoverAt; }
    public long getFirstSeen() { return firstSeen; }
    public void setFirstSeen(long firstSeen) { this.firstSeen = firstSeen; }
}
