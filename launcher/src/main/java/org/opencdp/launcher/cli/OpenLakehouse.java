package org.opencdp.launcher.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.catalog.Catalog;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.Lakehouse;

/** The configured catalog opened for one command, closed when the command ends. */
final class OpenLakehouse implements AutoCloseable {
    private final Catalog catalog;
    private final Lakehouse lakehouse;

    OpenLakehouse(CdpConfig config) {
        this.catalog = Catalogs.open(config.catalog());
        this.lakehouse = new Lakehouse(catalog);
    }

    Catalog catalog() {
        return catalog;
    }

    Lakehouse lakehouse() {
        return lakehouse;
    }

    @Override
    public void close() {
        if (catalog instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close catalog " + catalog.name(), e);
            }
        }
    }
}
