package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Iceberg catalog every engine opens: its name (identical in Flink, Spark and Trino) and the catalog
 * properties understood by {@code org.apache.iceberg.CatalogUtil}, always including {@code catalog-impl}.
 */
public record CatalogSettings(String name, Map<String, String> properties) {
    public static final String CATALOG_IMPL = "catalog-impl";
    public static final String JDBC_CATALOG = "org.apache.iceberg.jdbc.JdbcCatalog";
    public static final String REST_CATALOG = "org.apache.iceberg.rest.RESTCatalog";
    public static final String IO_IMPL = "io-impl";
    public static final String LOCAL_FILE_IO = "org.opencdp.platform.catalog.LocalFileIO";

    public CatalogSettings {
        requireNonNull(name, "name is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("catalog name is blank");
        }
        requireNonNull(properties, "properties is null");
        if (!properties.containsKey(CATALOG_IMPL)) {
            throw new IllegalArgumentException("catalog properties lack " + CATALOG_IMPL + ": " + properties.keySet());
        }
        properties = Map.copyOf(properties);
    }

    public String catalogImpl() {
        return properties.get(CATALOG_IMPL);
    }

    /** The properties with every credential replaced by {@code ****}, sorted by name, for logs and summaries. */
    public Map<String, String> maskedProperties() {
        return properties.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey,
                entry -> CdpProperties.looksSecret(entry.getKey()) ? ConfigValues.MASK : entry.getValue(),
                (left, right) -> left,
                TreeMap::new));
    }

    @Override
    public String toString() {
        return "CatalogSettings[name=" + name + ", properties=" + maskedProperties() + "]";
    }
}
