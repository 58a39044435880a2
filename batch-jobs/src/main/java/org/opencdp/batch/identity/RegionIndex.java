package org.opencdp.batch.identity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.opencdp.batch.identity.Resolved.ClusterResult;
import org.opencdp.batch.identity.Resolved.ComponentResult;
import org.opencdp.identity.edge.Identifier;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * What a long-lived resolver ({@code cdp identity run --incremental --every}) keeps on its driver between runs, so
 * that an incremental run finds its region by lookups instead of scanning the links and the graph: every link
 * observation under each of its ends, as of the links snapshot the last run read, and the open row of every
 * identifier of {@code identity.graph} (its member and component), as of the graph snapshot that run committed.
 * It is valid only while both snapshots are still the newest run's and the graph's: any other writer makes the
 * resolver build it again. Not thread-safe; one resolver owns it.
 */
final class RegionIndex
{
    /**
     * Driver heap an index takes per link observation, at most about: 450 to 710 bytes were measured at 1M people
     * (6.1M links, 6.0M identifiers), the link under both ends, the identifiers' nodes and open rows, the maps.
     */
    static final long BYTES_PER_LINK = 750;

    private static final Link[] NO_LINKS = {};

    /** An identifier: its links, and its open row's member and component (null when it has none). */
    private static final class Node
    {
        final IdentifierKey key;
        Link[] links = NO_LINKS;
        int linkCount;
        String memberId;
        String componentKey;

        Node(IdentifierKey key)
        {
            this.key = key;
        }

        void add(Link link)
        {
            if (linkCount == links.length) {
                links = Arrays.copyOf(links, Math.max(2, linkCount * 2));
            }
            links[linkCount++] = link;
        }
    }

    /**
     * A link observation in few objects (millions are held): its ids as bytes, its ends as nodes, its rule and
     * source as indexes into {@link #names}; {@link #edge} gives it back as the core's edge.
     */
    private record Link(byte[] linkId, Node left, boolean leftVerified, Node right, boolean rightVerified, int rule, int source,
            byte[] sourceEventId, long observedAt) {}

    private final Map<IdentifierKey, Node> nodes;
    private final Map<String, List<Node>> components = new HashMap<>();
    // the few rule and source names
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> nameIndex = new HashMap<>();
    private long linksSnapshot;
    private long graphSnapshot;
    private long observations;

    private RegionIndex(long linksSnapshot, long graphSnapshot, long identifiers)
    {
        this.nodes = new HashMap<>((int) Math.min(1 << 30, identifiers * 4 / 3 + 16));
        this.linksSnapshot = linksSnapshot;
        this.graphSnapshot = graphSnapshot;
    }

    /** Reads every link observation of {@code links} and every open row of {@code openGraph} ({@link IdentityTables#openGraph} columns). */
    static RegionIndex build(long linksSnapshot, Dataset<EdgeRow> links, long graphSnapshot, Dataset<Row> openGraph)
    {
        IdentityPipeline.StepLog log = new IdentityPipeline.StepLog("region index");
        Dataset<Row> open = IdentityPipeline.materialize(openGraph);
        // nearly every identifier of the links has an open row: the map is sized once
        RegionIndex index = new RegionIndex(linksSnapshot, graphSnapshot, open.count());
        log.step("open rows of the graph read");
        for (Iterator<Row> rows = open.toLocalIterator(); rows.hasNext(); ) {
            Row row = rows.next();
            index.open(IdentifierKey.of(IdentifierType.valueOf(row.getString(0)), row.getString(1)), row.getString(2), row.getString(3));
        }
        IdentityPipeline.release(open);
        log.step(index.nodes.size() + " open rows held");
        Dataset<EdgeRow> read = IdentityPipeline.materialize(links);
        log.step("links read");
        for (Iterator<EdgeRow> rows = read.toLocalIterator(); rows.hasNext(); ) {
            index.add(rows.next().toEdge());
        }
        IdentityPipeline.release(read);
        log.step(index.observations + " links held");
        return index;
    }

    /** Whether the index holds the links as of {@code linksSnapshot} and the graph as of {@code graphSnapshot}. */
    boolean holds(long linksSnapshot, long graphSnapshot)
    {
        return this.linksSnapshot == linksSnapshot && this.graphSnapshot == graphSnapshot;
    }

    /** Link observations held (a link id observed twice counts twice). */
    long observations()
    {
        return observations;
    }

    /** The open rows (key, member id, component key) of every component holding one of {@code seeds}, as {@link IdentityTables#openRows} gives them. */
    List<Row> componentsOf(Collection<IdentifierKey> seeds)
    {
        Set<String> seen = new HashSet<>();
        List<Row> rows = new ArrayList<>();
        for (IdentifierKey seed : seeds) {
            Node node = nodes.get(seed);
            if (node != null && node.componentKey != null && seen.add(node.componentKey)) {
                for (Node member : components.get(node.componentKey)) {
                    rows.add(RowFactory.create(member.key.toString(), member.memberId, member.componentKey));
                }
            }
        }
        return rows;
    }

    /** Every observation with an end among {@code keys}, once each, as {@link IdentityPipeline#linksOf} selects them. */
    List<IdentityEdge> observationsOf(Set<IdentifierKey> keys)
    {
        List<IdentityEdge> observed = new ArrayList<>();
        for (IdentifierKey key : keys) {
            Node node = nodes.get(key);
            for (int i = 0; node != null && i < node.linkCount; i++) {
                Link link = node.links[i];
                // a link between two keys of the set is held under both: taken under its left end only
                if (link.left() == node || !keys.contains(link.left().key)) {
                    observed.add(edge(link));
                }
            }
        }
        return observed;
    }

    /** Adds the links appended after the index's links snapshot up to {@code linksSnapshot}. */
    void addLinks(long linksSnapshot, Collection<IdentityEdge> added)
    {
        added.forEach(this::add);
        this.linksSnapshot = linksSnapshot;
    }

    /**
     * Replaces the open rows of a region's previous components ({@code previous}: every key {@link #componentsOf}
     * gave) by those a run committed in graph snapshot {@code graphSnapshot}: each identifier of the run's clusters
     * under its cluster's member id and its component.
     */
    void advance(Collection<IdentifierKey> previous, List<ComponentResult> components, Map<IdentifierKey, String> memberOfCluster, long graphSnapshot)
    {
        for (IdentifierKey key : previous) {
            Node node = nodes.get(key);
            if (node != null && node.componentKey != null) {
                this.components.remove(node.componentKey);
                node.memberId = null;
                node.componentKey = null;
            }
        }
        for (ComponentResult component : components) {
            for (ClusterResult cluster : component.getClusters()) {
                String member = memberOfCluster.get(IdentifierKey.parse(cluster.getClusterKey()));
                // as the graph's changes: an identifier without a member has no open row
                for (String identifier : member == null ? List.<String>of() : cluster.getIdentifiers()) {
                    open(IdentifierKey.parse(identifier), member, component.getComponentKey());
                }
            }
        }
        this.graphSnapshot = graphSnapshot;
    }

    private Node node(IdentifierKey key)
    {
        return nodes.computeIfAbsent(key, Node::new);
    }

    private void add(IdentityEdge edge)
    {
        Node left = node(edge.left().key());
        Node right = node(edge.right().key());
        Link link = new Link(edge.linkId().getBytes(StandardCharsets.UTF_8), left, edge.left().verified(), right, edge.right().verified(),
                name(edge.rule()), name(edge.source()), edge.sourceEventId().getBytes(StandardCharsets.UTF_8), edge.observedAt().toEpochMilli());
        left.add(link);
        if (!edge.isSelfLink()) {
            right.add(link);
        }
        observations++;
    }

    private IdentityEdge edge(Link link)
    {
        return new IdentityEdge(new String(link.linkId(), StandardCharsets.UTF_8), new Identifier(link.left().key, link.leftVerified()),
                new Identifier(link.right().key, link.rightVerified()), names.get(link.rule()), names.get(link.source()),
                new String(link.sourceEventId(), StandardCharsets.UTF_8), Instant.ofEpochMilli(link.observedAt()));
    }

    private int name(String name)
    {
        return nameIndex.computeIfAbsent(name, added -> {
            names.add(added);
            return names.size() - 1;
        });
    }

    private void open(IdentifierKey key, String memberId, String componentKey)
    {
        Node node = node(key);
        if (node.componentKey != null) {
            // an open row outside the region's previous components (never, as the run recomputed every component
            // of its identifiers): moved, as the graph holds one open row per identifier
            components.get(node.componentKey).remove(node);
        }
        List<Node> nodesOfComponent = components.computeIfAbsent(componentKey, component -> new ArrayList<>());
        node.memberId = memberId;
        // the component key's String is held once, by the map
        node.componentKey = nodesOfComponent.isEmpty() ? componentKey : nodesOfComponent.get(0).componentKey;
        nodesOfComponent.add(node);
    }
}
