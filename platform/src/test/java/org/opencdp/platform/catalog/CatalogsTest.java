package org.opencdp.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.platform.config.CatalogSettings;
import org.opencdp.platform.config.CdpConfig;

class CatalogsTest {
    @TempDir
    Path home;

    @Test
    void opensTheEmbeddedSqliteCatalogCreatingItsDirectory() throws Exception {
        Catalog catalog = Catalogs.open(CdpConfig.forHome(home.resolve("nested/home")).catalog());
        try {
            assertThat(catalog).isInstanceOf(JdbcCatalog.class);
            assertThat(catalog.name()).isEqualTo("cdp");
            assertThat(home.resolve("nested/home/catalog")).isDirectory();
        }
        finally {
            ((AutoCloseable) catalog).close();
        }
    }

    @Test
    void findsTheSqliteDatabaseFileOfAJdbcUrl() {
        assertThat(Catalogs.sqliteDatabase(settings("jdbc:sqlite:/data/cdp/iceberg.db?journal_mode=WAL")))
                .contains(Path.of("/data/cdp/iceberg.db"));
        assertThat(Catalogs.sqliteDatabase(settings("jdbc:sqlite:file:/data/iceberg.db"))).contains(Path.of("/data/iceberg.db"));
        assertThat(Catalogs.sqliteDatabase(settings("jdbc:sqlite::memory:"))).isEmpty();
        assertThat(Catalogs.sqliteDatabase(settings("jdbc:postgresql://127.0.0.1/cdp"))).isEmpty();
    }

    private static CatalogSettings settings(String uri) {
        return new CatalogSettings("cdp", Map.of("catalog-impl", CatalogSettings.JDBC_CATALOG, "uri", uri));
    }
}
