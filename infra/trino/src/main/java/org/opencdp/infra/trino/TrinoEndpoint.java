package org.opencdp.infra.trino;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where a Trino server answers (HTTPS) and the trust store that holds its certificate. */
public record TrinoEndpoint(String host, int port, String catalog, Path trustStore, String trustStorePassword) {
    public TrinoEndpoint {
        requireNonNull(host, "host is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(trustStore, "trustStore is null");
        requireNonNull(trustStorePassword, "trustStorePassword is null");
    }

    /** The JDBC URL without credentials or trust store settings, e.g. {@code jdbc:trino://127.0.0.1:8443/cdp}. */
    public String jdbcUrl() {
        return "jdbc:trino://" + host + ":" + port + "/" + catalog;
    }

    public String httpsUrl() {
        return "https://" + host + ":" + port;
    }

    /** The connection properties of {@code user}: TLS verified against the server's own certificate. */
    public Properties connectionProperties(String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", requireNonNull(user, "user is null"));
        properties.setProperty("password", requireNonNull(password, "password is null"));
        properties.setProperty("SSL", "true");
        properties.setProperty("SSLTrustStorePath", trustStore.toString());
        properties.setProperty("SSLTrustStorePassword", trustStorePassword);
        properties.setProperty("SSLTrustStoreType", "PKCS12");
        return properties;
    }

    public Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), connectionProperties(user, password));
    }
}
