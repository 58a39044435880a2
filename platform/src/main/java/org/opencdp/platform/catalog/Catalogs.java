package org.opencdp.platform.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.opencdp.platform.config.CatalogSettings;

/** Opens the configured Iceberg catalog, the same way for every mode (SQLite, PostgreSQL, REST). */
public final class Catalogs {
    private static final String SQLITE_URL_PREFIX = "jdbc:sqlite:";

    private Catalogs() {}

    /**
     * The catalog described by {@code settings}. For a SQLite catalog the database's directory is created
     * first (SQLite creates the file, not its parents). The caller closes the catalog when it is
     * {@link AutoCloseable}.
     */
    public static Catalog open(CatalogSettings settings) {
        requireNonNull(settings, "settings is null");
        sqliteDatabase(settings).ifPresent(Catalogs::createParentDirectory);
        // Hadoop is only the file system layer (HadoopFileIO) here; no cluster configuration is read.
        Configuration hadoopConfiguration = new Configuration();
        try {
            return CatalogUtil.buildIcebergCatalog(settings.name(), settings.properties(), hadoopConfiguration);
        }
        catch (RuntimeException e) {
            throw new IllegalStateException("Cannot open Iceberg catalog '" + settings.name() + "' ("
                    + settings.catalogImpl() + " at " + settings.properties().get("uri") + "): " + e.getMessage(), e);
        }
    }

    /** The database file of a {@code jdbc:sqlite:<path>} catalog, without URL parameters. */
    static Optional<Path> sqliteDatabase(CatalogSettings settings) {
        String uri = settings.properties().get("uri");
        if (uri == null || !uri.startsWith(SQLITE_URL_PREFIX)) {
            return Optional.empty();
        }
        String location = uri.substring(SQLITE_URL_PREFIX.length());
        int parameters = location.indexOf('?');
        if (parameters >= 0) {
            location = location.substring(0, parameters);
        }
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        }
        if (location.isEmpty() || location.equals(":memory:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(location));
    }

    private static void createParentDirectory(Path database) {
        Path parent = database.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the catalog directory " + parent, e);
        }
    }
}
