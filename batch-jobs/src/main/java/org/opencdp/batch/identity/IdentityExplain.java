package org.opencdp.batch.identity;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.opencdp.identity.cluster.BadMarks;
import org.opencdp.identity.cluster.ConflictRecord;
import org.opencdp.identity.cluster.DroppedEdge;
import org.opencdp.identity.cluster.Quarantine;
import org.opencdp.identity.cluster.WeakAttachment;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.explain.IdentifierExplanation;
import org.opencdp.identity.explain.MemberExplanation;
import org.opencdp.identity.graph.IdentityGraph;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

/**
 * {@code explain}: why an identifier or a member is what it is. The component in question is rebuilt by the core
 * from the links the last run read: every edge of its identifiers and of their neighbours (enough for each
 * status: hub and takeover verdicts depend only on an identifier's own edges), with the operator's marks. The
 * rules are deterministic, so this is the run's own reasoning; member ids and aliases are the tables'.
 */
public final class IdentityExplain
{
    private final IdentityTables tables;
    private final RuleContext rules;

    public IdentityExplain(IdentityTables tables, RuleContext rules)
    {
        this.tables = requireNonNull(tables, "tables is null");
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** Explains {@code TYPE:token} or a member id (an alias is followed to the live member). */
    public void explain(String id, PrintWriter out)
    {
        requireNonNull(id, "id is null");
        long snapshot = tables.lastRunSnapshot().orElseThrow(() -> new IllegalStateException("no identity run yet: run `cdp identity run --full` first"));
        Dataset<Row> current = tables.openRows();
        boolean isIdentifier = id.contains(":");
        String memberId = null;
        Set<String> component = new HashSet<>();
        IdentifierKey key = null;
        if (isIdentifier) {
            key = IdentifierKey.parse(id);
            List<Row> row = current.where(col("key").equalTo(id)).collectAsList();
            if (row.isEmpty()) {
                component.add(id);
            }
            else {
                memberId = row.get(0).getString(1);
                component.addAll(current.where(col("component_key").equalTo(row.get(0).getString(2))).select("key").as(Encoders.STRING()).collectAsList());
            }
        }
        else {
            memberId = liveMember(id);
            List<Row> rows = current.where(col("member_id").equalTo(memberId)).collectAsList();
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("no member with id '%s'".formatted(id));
            }
            component.addAll(current.where(col("component_key").equalTo(rows.get(0).getString(2))).select("key").as(Encoders.STRING()).collectAsList());
            key = rows.stream().map(row -> IdentifierKey.parse(row.getString(0))).min(IdentifierKey::compareTo).orElseThrow();
        }

        Dataset<EdgeRow> links = tables.links(snapshot);
        Dataset<EdgeRow> first = touching(links, component);
        Set<String> neighbours = new HashSet<>(component);
        for (EdgeRow edge : first.collectAsList()) {
            neighbours.add(edge.getLeftType() + ":" + edge.getLeftToken());
            neighbours.add(edge.getRightType() + ":" + edge.getRightToken());
        }
        List<IdentityEdge> edges = new ArrayList<>();
        IdentityPipeline.dedupe(touching(links, neighbours)).collectAsList().forEach(edge -> edges.add(edge.toEdge()));
        if (edges.isEmpty()) {
            throw new IllegalArgumentException("identifier %s has no link in %s".formatted(id, tables.name(IdentityTables.LINKS)));
        }
        IdentityGraph graph = IdentityGraph.build(rules.rules(), edges);
        BadMarks marks = tables.marks();
        for (String linkId : marks.badEdges().keySet()) {
            if (edges.stream().anyMatch(edge -> edge.linkId().equals(linkId))) {
                graph = graph.markEdgeBad(linkId, marks.badEdges().get(linkId));
            }
        }
        for (IdentifierKey bad : marks.badIdentifiers().keySet()) {
            if (graph.status(bad).isPresent()) {
                graph = graph.markIdentifierBad(bad, marks.badIdentifiers().get(bad));
            }
        }

        if (isIdentifier) {
            printIdentifier(graph.explain(key), memberId, out);
        }
        else {
            String localId = graph.memberOf(key).orElseThrow();
            printMember(graph.explainMember(localId), memberId, out);
        }
        out.flush();
    }

    private String liveMember(String id)
    {
        String current = id;
        for (int hops = 0; hops < 1000; hops++) {
            List<Row> alias = tables.spark().sql("SELECT member_id FROM " + tables.name(IdentityTables.ALIASES)
                    + " WHERE alias_id = '" + current.replace("'", "''") + "'").collectAsList();
            if (alias.isEmpty()) {
                return current;
            }
            current = alias.get(0).getString(0);
        }
        throw new IllegalStateException("alias chain of " + id + " does not end");
    }

    private static Dataset<EdgeRow> touching(Dataset<EdgeRow> links, Set<String> keys)
    {
        Object[] values = keys.toArray();
        Column condition = IdentityPipeline.leftKey().isin(values).or(IdentityPipeline.rightKey().isin(values));
        return links.where(condition);
    }

    private void printIdentifier(IdentifierExplanation explanation, String memberId, PrintWriter out)
    {
        out.println("identifier " + explanation.identifier());
        if (explanation.exclusion().isPresent()) {
            out.println("  in no member: " + explanation.exclusion().get());
        }
        else {
            out.println("  member " + (memberId == null ? "(not in the graph yet: run cdp identity run)" : memberId)
                    + ", smallest identifier " + explanation.clusterKey().map(Object::toString).orElse("-"));
        }
        section(out, "path to " + explanation.clusterKey().map(Object::toString).orElse("-") + " (accepted edges)", explanation.path().stream().map(IdentityExplain::edge).toList());
        section(out, "accepted edges", explanation.acceptedEdges().stream().map(IdentityExplain::edge).toList());
        explanation.attachment().ifPresent(attachment -> section(out, "attachment", List.of(attachment(attachment))));
        section(out, "limit conflicts", explanation.conflicts().stream().map(IdentityExplain::conflict).toList());
        section(out, "dropped edges", explanation.droppedEdges().stream().map(IdentityExplain::dropped).toList());
        section(out, "quarantined hubs", explanation.quarantines().stream().map(IdentityExplain::quarantine).toList());
    }

    private void printMember(MemberExplanation explanation, String memberId, PrintWriter out)
    {
        out.println("member " + memberId + " (created " + explanation.createdAt() + ", smallest identifier " + explanation.clusterKey() + ")");
        section(out, "identifiers", explanation.identifiers().stream().map(Object::toString).toList());
        section(out, "accepted edges", explanation.acceptedEdges().stream().map(IdentityExplain::edge).toList());
        section(out, "attachments", explanation.attachments().stream().map(IdentityExplain::attachment).toList());
        section(out, "limit conflicts", explanation.conflicts().stream().map(IdentityExplain::conflict).toList());
        section(out, "dropped edges", explanation.droppedEdges().stream().map(IdentityExplain::dropped).toList());
        section(out, "quarantined hubs", explanation.quarantines().stream().map(IdentityExplain::quarantine).toList());
        List<String> aliases = new ArrayList<>();
        for (Row row : tables.spark().sql("SELECT alias_id, merged_at, cause_link_id, cause_rule FROM " + tables.name(IdentityTables.ALIASES)
                + " WHERE member_id = '" + memberId.replace("'", "''") + "' ORDER BY merged_at, alias_id").collectAsList()) {
            aliases.add("%s merged at %s by %s (%s)".formatted(row.getString(0), row.getTimestamp(1).toInstant(), row.getString(2), row.getString(3)));
        }
        section(out, "aliases", aliases);
    }

    private static void section(PrintWriter out, String title, List<String> lines)
    {
        out.println("  " + title + ": " + (lines.isEmpty() ? "none" : ""));
        lines.forEach(line -> out.println("    " + line));
    }

    static String edge(IdentityEdge edge)
    {
        return "%s %s -- %s rule=%s source=%s event=%s at=%s".formatted(edge.linkId(), edge.left(), edge.right(), edge.rule(), edge.source(),
                edge.sourceEventId(), edge.observedAt());
    }

    private static String attachment(WeakAttachment attachment)
    {
        return "%s attached to %s by %s; also seen with %s".formatted(attachment.weakIdentifiers(), attachment.clusterKey(), edge(attachment.edge()),
                attachment.otherCandidates().isEmpty() ? "no other member" : attachment.otherCandidates());
    }

    private static String conflict(ConflictRecord conflict)
    {
        return "%s dropped: %s limit %d, %s vs %s (%d observations)".formatted(edge(conflict.edge()), conflict.limitedType(), conflict.limit(),
                conflict.leftValues(), conflict.rightValues(), conflict.observations());
    }

    private static String dropped(DroppedEdge dropped)
    {
        return "%s: %s (%s)".formatted(edge(dropped.edge()), dropped.reason(), dropped.detail());
    }

    private static String quarantine(Quarantine quarantine)
    {
        return "%s: %d distinct %s neighbours, threshold %d".formatted(quarantine.hub(), quarantine.distinctNeighbours(), quarantine.neighbourType(), quarantine.threshold());
    }
}
