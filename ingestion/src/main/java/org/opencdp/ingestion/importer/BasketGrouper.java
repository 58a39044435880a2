package org.opencdp.ingestion.importer;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencdp.ingestion.decode.ReasonCode;
import org.opencdp.ingestion.decode.Rejection;

/**
 * Groups the lines of a file into baskets, per {@link BasketGrouping}. Lines without a basket id, and lines of a
 * basket that was already closed (a file said to be grouped that is not), are handed back as rejected lines
 * instead: a basket is never published twice under one id, nor in pieces.
 *
 * <p>In {@code FILE} mode baskets are emitted at the end of the file in the order their first line appeared.
 * Holding more than {@code maxOpenLines} lines fails the import before anything is emitted, with advice.
 * Not thread-safe.
 */
final class BasketGrouper {
    interface Listener {
        void basket(Basket basket);

        void rejected(SourceLine line, Rejection rejection);
    }

    private final String basketColumn;
    private final BasketGrouping grouping;
    private final long maxOpenLines;
    private final Listener listener;
    private final Map<String, List<SourceLine>> open = new LinkedHashMap<>();
    private final Map<String, Long> closedAtLine = new HashMap<>();
    private String current;
    private long openLines;

    BasketGrouper(String basketColumn, BasketGrouping grouping, long maxOpenLines, Listener listener) {
        this.basketColumn = requireNonNull(basketColumn, "basketColumn is null");
        this.grouping = requireNonNull(grouping, "grouping is null");
        this.listener = requireNonNull(listener, "listener is null");
        if (maxOpenLines < 1) {
            throw new IllegalArgumentException("maxOpenLines must be positive: " + maxOpenLines);
        }
        this.maxOpenLines = maxOpenLines;
    }

    void add(SourceLine line) {
        String basketId = line.value(basketColumn);
        if (basketId == null) {
            Rejection rejection = line.malformed() != null
                    ? new Rejection(line.malformed().reason(), null, "line %d: %s".formatted(line.lineNumber(), line.malformed().message()))
                    : new Rejection(ReasonCode.MISSING_FIELD, basketColumn,
                            "line %d: column %s (basket id) is empty".formatted(line.lineNumber(), basketColumn));
            listener.rejected(line, rejection);
            return;
        }
        Long closedAt = closedAtLine.get(basketId);
        if (closedAt != null) {
            listener.rejected(line, new Rejection(ReasonCode.INVALID_VALUE, basketColumn,
                    ("line %d: basket %s re-appears after it was closed at line %d; the file is not grouped by basket: "
                            + "sort it by %s or import it with grouping 'file'").formatted(line.lineNumber(), basketId, closedAt, basketColumn)));
            return;
        }
        if (grouping == BasketGrouping.CONSECUTIVE && current != null && !current.equals(basketId)) {
            close(current, line.lineNumber() - 1);
        }
        current = basketId;
        open.computeIfAbsent(basketId, id -> new ArrayList<>()).add(line);
        if (++openLines > maxOpenLines) {
            throw new IllegalStateException(("More than %,d lines are held waiting for the end of their basket (grouping 'file'). "
                    + "Sort the file by %s and import it with grouping 'consecutive', or raise the limit of open lines")
                    .formatted(maxOpenLines, basketColumn));
        }
    }

    /** Emits every basket still open. */
    void finish(long lastLine) {
        for (String basketId : List.copyOf(open.keySet())) {
            close(basketId, lastLine);
        }
        current = null;
    }

    private void close(String basketId, long atLine) {
        List<SourceLine> lines = open.remove(basketId);
        openLines -= lines.size();
        if (grouping == BasketGrouping.CONSECUTIVE) {
            // only a grouped file can see a basket again after closing it; FILE mode closes everything at the end
            closedAtLine.put(basketId, atLine);
        }
        listener.basket(new Basket(basketId, lines));
    }
}
