package org.opencdp.ingestion.importer;

import java.util.Locale;

/**
 * How the lines of one basket are found in a file.
 *
 * <p>{@link #CONSECUTIVE}: the file is grouped by basket (every export sorted by receipt); a basket closes when
 * the basket id changes, so memory holds one basket. {@link #FILE}: lines of a basket may be anywhere in the file
 * (the dunnhumby sample is in random order); baskets close at the end of the file, so memory holds the whole file,
 * up to a bound. In both modes a basket id that re-appears after its basket was closed is never merged into a
 * second, partial transaction: those lines are dead-lettered.
 */
public enum BasketGrouping {
    CONSECUTIVE,
    FILE;

    public static BasketGrouping fromName(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown basket grouping '%s': use consecutive or file".formatted(name), e);
        }
    }
}
