package org.opencdp.batch.identity;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.opencdp.identity.cluster.Exclusion;
import org.opencdp.identity.cluster.IdentifierStatus;
import org.opencdp.identity.cluster.Quarantine;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * What the rules decided about one identifier, as a Spark bean (flat columns, times in epoch milliseconds): the
 * core's {@code IdentifierStatus}, with a hub's sample edges. {@link #of(IdentifierStatus)} and
 * {@link #toStatus()} cross into the core.
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
    private List<EdgeRow> samples;

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
        row.samples = quarantine == null ? null : new ArrayList<>(quarantine.sampleEdges().stream().map(EdgeRow::of).toList());
        return row;
    }

    /**
     * The status of an identifier that no rule has anything against: the edge filter, which reads only exclusions and
     * takeovers, keeps its edges. Its first observation is not known here (and not read).
     */
    public static StatusRow ordinary(String key)
    {
        StatusRow row = new StatusRow();
        row.key = key;
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

    /** The quarantine record of a hub with its evidence, or null for any other identifier. */
    public Resolved.QuarantineResult quarantine()
    {
        return Exclusion.HUB.name().equals(exclusion) ? new Resolved.QuarantineResult(key, hubNeighbourType, hubDistinct, hubThreshold, samples) : null;
    }

    /** The core's status. */
    public IdentifierStatus toStatus()
    {
        IdentifierKey identifier = IdentifierKey.parse(key);
        Exclusion excluded = exclusion == null ? null : Exclusion.valueOf(exclusion);
        Quarantine quarantine = excluded == Exclusion.HUB
                ? new Quarantine(identifier, IdentifierType.valueOf(hubNeighbourType), hubDistinct, hubThreshold, samples.stream().map(EdgeRow::toEdge).toList())
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
    public List<EdgeRow> getSamples() { return samples; }
    public void setSamples(List<EdgeRow> samples) { this.samples = samples; }
}
