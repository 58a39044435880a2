package org.opencdp.platform.generator;

import static java.util.Objects.requireNonNull;

/**
 * A catalog item. Weighed goods are sold by the kilogram with fractional quantities.
 */
record Product(String sku, String name, String category, long unitPriceMinor, boolean weighed)
{
    Product
    {
        requireNonNull(sku, "sku is null");
        requireNonNull(name, "name is null");
        requireNonNull(category, "category is null");
    }
}
