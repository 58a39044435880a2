package org.opencdp.infra.trino;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.opencdp.platform.config.CatalogSettings;

/** The Trino iceberg catalog file for the platform's Iceberg catalog: same catalog, same name as in every engine. */
public final class TrinoCatalogProperties {
    private TrinoCatalogProperties() {}

    public static Map<String, String> of(CatalogSettings catalog) {
        requireNonNull(catalog, "catalog is null");
        Map<String, String> source = catalog.properties();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("connector.name", "iceberg");
        String uri = source.getOrDefault("uri", "");
        if (CatalogSettings.JDBC_CATALOG.equals(catalog.catalogImpl())) {
            properties.put("iceberg.catalog.type", "jdbc");
            properties.put("iceberg.jdbc-catalog.catalog-name", catalog.name());
            properties.put("iceberg.jdbc-catalog.driver-class", driverClass(uri));
            properties.put("iceberg.jdbc-catalog.connection-url", uri);
            if (source.containsKey("jdbc.user")) {
                properties.put("iceberg.jdbc-catalog.connection-user", source.get("jdbc.user"));
            }
            if (source.containsKey("jdbc.password")) {
                properties.put("iceberg.jdbc-catalog.connection-password", source.get("jdbc.password"));
            }
            properties.put("iceberg.jdbc-catalog.schema-version", source.getOrDefault("jdbc.schema-version", "V1"));
            properties.put("iceberg.jdbc-catalog.default-warehouse-dir", source.getOrDefault("warehouse", ""));
        }
        else if (CatalogSettings.REST_CATALOG.equals(catalog.catalogImpl())) {
            properties.put("iceberg.catalog.type", "rest");
            properties.put("iceberg.rest-catalog.uri", uri);
            if (source.containsKey("warehouse")) {
                properties.put("iceberg.rest-catalog.warehouse", source.get("warehouse"));
            }
        }
        else {
            throw new IllegalArgumentException("Trino cannot serve catalog implementation " + catalog.catalogImpl());
        }
        if (source.getOrDefault("warehouse", "").startsWith("file:")) {
            // table files on the local disk, addressed by absolute file: locations
            properties.put("fs.native-local.enabled", "true");
            properties.put("local.location", "/");
        }
        return properties;
    }

    private static String driverClass(String uri) {
        if (uri.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        if (uri.startsWith("jdbc:sqlite:")) {
            return "org.sqlite.JDBC";
        }
        throw new IllegalArgumentException("Trino's iceberg plugin has drivers for PostgreSQL and SQLite catalogs, not for " + uri);
    }
}
