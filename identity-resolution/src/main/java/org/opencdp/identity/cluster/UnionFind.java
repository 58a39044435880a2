package org.opencdp.identity.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Union-find over dense int ids with path halving and union by size. */
public final class UnionFind {
    private final int[] parent;
    private final int[] size;

    UnionFind(int n) {
        parent = new int[n];
        size = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            size[i] = 1;
        }
    }

    int find(int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    /** Joins the sets of a and b; returns the new root, or -1 when they were already together. */
    int union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return -1;
        }
        if (size[ra] < size[rb]) {
            int t = ra;
            ra = rb;
            rb = t;
        }
        parent[rb] = ra;
        size[ra] += size[rb];
        return ra;
    }

    /**
     * Plain connected components: every node, and every end of a pair, mapped to the smallest node of its
     * connected component (a node without pairs maps to itself).
     */
    public static <T extends Comparable<? super T>> Map<T, T> smallestOfComponents(Collection<T> nodes, Collection<? extends Map.Entry<T, T>> pairs) {
        Map<T, Integer> index = new HashMap<>((nodes.size() + pairs.size()) * 2);
        List<T> values = new ArrayList<>();
        Function<T, Integer> next = value -> {
            values.add(value);
            return values.size() - 1;
        };
        nodes.forEach(node -> index.computeIfAbsent(node, next));
        for (Map.Entry<T, T> pair : pairs) {
            index.computeIfAbsent(pair.getKey(), next);
            index.computeIfAbsent(pair.getValue(), next);
        }
        UnionFind sets = new UnionFind(values.size());
        for (Map.Entry<T, T> pair : pairs) {
            sets.union(index.get(pair.getKey()), index.get(pair.getValue()));
        }
        List<T> smallest = new ArrayList<>(Collections.nCopies(values.size(), (T) null));
        for (int i = 0; i < values.size(); i++) {
            int root = sets.find(i);
            if (smallest.get(root) == null || values.get(i).compareTo(smallest.get(root)) < 0) {
                smallest.set(root, values.get(i));
            }
        }
        Map<T, T> result = new HashMap<>(values.size() * 2);
        for (int i = 0; i < values.size(); i++) {
            result.put(values.get(i), smallest.get(sets.find(i)));
        }
        return result;
    }

    /**
     * Plain connected components of a graph of {@code long} vertices, without boxing: edge {@code i} joins
     * {@code from[i]} and {@code to[i]}.
     *
     * @return every vertex that ends an edge, ascending, each with the smallest vertex of its component
     */
    public static Components smallestOfComponents(long[] from, long[] to) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("edge ends differ in number: " + from.length + " and " + to.length);
        }
        long[] ends = new long[from.length * 2];
        System.arraycopy(from, 0, ends, 0, from.length);
        System.arraycopy(to, 0, ends, from.length, to.length);
        Arrays.sort(ends);
        int n = 0;
        for (int i = 0; i < ends.length; i++) {
            if (n == 0 || ends[i] != ends[n - 1]) {
                ends[n++] = ends[i];
            }
        }
        long[] vertices = Arrays.copyOf(ends, n);
        UnionFind sets = new UnionFind(n);
        for (int i = 0; i < from.length; i++) {
            sets.union(Arrays.binarySearch(vertices, from[i]), Arrays.binarySearch(vertices, to[i]));
        }
        // vertices ascend, so the first vertex met of each set is its smallest
        int[] smallest = new int[n];
        Arrays.fill(smallest, -1);
        long[] roots = new long[n];
        for (int i = 0; i < n; i++) {
            int set = sets.find(i);
            if (smallest[set] < 0) {
                smallest[set] = i;
            }
            roots[i] = vertices[smallest[set]];
        }
        return new Components(vertices, roots);
    }

    /** Vertices in ascending order, each with the smallest vertex of its component at the same index. */
    public record Components(long[] vertices, long[] roots) {
        public int size() {
            return vertices.length;
        }
    }
}
