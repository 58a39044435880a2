package org.opencdp.batch.identity;

import java.io.Serializable;
import java.time.Instant;

import org.opencdp.identity.edge.Identifier;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * One {@code identity.links} row as a Spark bean (flat columns, event time in epoch milliseconds): the form
 * edges take between Spark stages. {@link #toEdge()} and {@link #of(IdentityEdge)} cross into the core.
 */
public final class EdgeRow
        implements Serializable
{
    private static final long serialVersionUID = 1L;

    /** Columns of {@code identity.links} in the order of this bean's properties, as Spark SQL expressions. */
    public static final String[] LINK_COLUMNS = {
            "link_id AS linkId",
            "left.type AS leftType", "left.token AS leftToken", "left.verified AS leftVerified",
            "right.type AS rightType", "right.token AS rightToken", "right.verified AS rightVerified",
            "rule", "source", "source_event_id AS sourceEventId", "unix_millis(observed_at) AS observedAt"};

    /** The bean's properties, in the order of {@link #LINK_COLUMNS}: the columns of a Dataset of edges. */
    public static final String[] FIELDS = {"linkId", "leftType", "leftToken", "leftVerified", "rightType", "rightToken", "rightVerified", "rule",
            "source", "sourceEventId", "observedAt"};

    private String linkId;
    private String leftType;
    private String leftToken;
    private boolean leftVerified;
    private String rightType;
    private String rightToken;
    private boolean rightVerified;
    private String rule;
    private String source;
    private String sourceEventId;
    private long observedAt;

    public EdgeRow() {}

    public static EdgeRow of(IdentityEdge edge)
    {
        EdgeRow row = new EdgeRow();
        row.linkId = edge.linkId();
        row.leftType = edge.left().type().name();
        row.leftToken = edge.left().token();
        row.leftVerified = edge.left().verified();
        row.rightType = edge.right().type().name();
        row.rightToken = edge.right().token();
        row.rightVerified = edge.right().verified();
        row.rule = edge.rule();
        row.source = edge.source();
        row.sourceEventId = edge.sourceEventId();
        row.observedAt = edge.observedAt().toEpochMilli();
        return row;
    }

    public IdentityEdge toEdge()
    {
        return new IdentityEdge(
                linkId,
                new Identifier(IdentifierKey.of(type(leftType), leftToken), leftVerified),
                new Identifier(IdentifierKey.of(type(rightType), rightToken), rightVerified),
                rule,
                source == null ? "UNKNOWN" : source,
                sourceEventId,
                Instant.ofEpochMilli(observedAt));
    }

    // a type this build does not know is a future contract symbol: the rules ignore UNKNOWN
    private static IdentifierType type(String name)
    {
        try {
            return IdentifierType.valueOf(name);
        }
        catch (IllegalArgumentException e) {
            return IdentifierType.UNKNOWN;
        }
    }

    public String getLinkId() { return linkId; }
    public void setLinkId(String linkId) { this.linkId = linkId; }
    public String getLeftType() { return leftType; }
    public void setLeftType(String leftType) { this.leftType = leftType; }
    public String getLeftToken() { return leftToken; }
    public void setLeftToken(String leftToken) { this.leftToken = leftToken; }
    public boolean isLeftVerified() { return leftVerified; }
    public void setLeftVerified(boolean leftVerified) { this.leftVerified = leftVerified; }
    public String getRightType() { return rightType; }
    public void setRightType(String rightType) { this.rightType = rightType; }
    public String getRightToken() { return rightToken; }
    public void setRightToken(String rightToken) { this.rightToken = rightToken; }
    public boolean isRightVerified() { return rightVerified; }
    public void setRightVerified(boolean rightVerified) { this.rightVerified = rightVerified; }
    public String getRule() { return rule; }
    public void setRule(String rule) { this.rule = rule; }
    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public String getSourceEventId() { return sourceEventId; }
    public void setSourceEventId(String sourceEventId) { this.sourceEventId = sourceEventId; }
    public long getObservedAt() { return observedAt; }
    public void setObservedAt(long observedAt) { this.observedAt = observedAt; }
}
