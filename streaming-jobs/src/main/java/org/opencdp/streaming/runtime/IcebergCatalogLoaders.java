package org.opencdp.streaming.runtime;

import java.util.Map;

import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.flink.CatalogLoader;

import static java.util.Objects.requireNonNull;

/**
 * Builds the serializable {@link CatalogLoader} that Iceberg's Flink sources and sinks use to open the
 * project's catalog on every task manager.
 */
public final class IcebergCatalogLoaders
{
    private IcebergCatalogLoaders() {}

    /**
     * @param catalogName the catalog name; must be the same in every engine, since Iceberg's JDBC catalog
     *     keys its tables by it
     * @param catalogProperties Iceberg catalog properties; {@code catalog-impl} names the catalog class
     */
    public static CatalogLoader forCatalog(String catalogName, Map<String, String> catalogProperties)
    {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(catalogProperties, "catalogProperties is null");
        if (catalogName.isBlank()) {
            throw new IllegalArgumentException("Iceberg catalog name is blank");
        }
        String catalogImpl = catalogProperties.get(CatalogProperties.CATALOG_IMPL);
        if (catalogImpl == null || catalogImpl.isBlank()) {
            throw new IllegalArgumentException("Iceberg catalog '" + catalogName + "' has no '" + CatalogProperties.CATALOG_IMPL
                    + "' property; set it to the catalog class, e.g. org.apache.iceberg.jdbc.JdbcCatalog (properties: "
                    + catalogProperties.keySet() + ")");
        }
        return CatalogLoader.custom(
                catalogName,
                Map.copyOf(catalogProperties),
                new org.apache.hadoop.conf.Configuration(),
                catalogImpl);
    }
}
