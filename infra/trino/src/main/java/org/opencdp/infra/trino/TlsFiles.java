package org.opencdp.infra.trino;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server's self-signed certificate: a PKCS12 key store for Trino, a PKCS12 trust store for JDBC clients
 * (DBeaver, {@code cdp sql}) and the certificate in PEM for the Trino CLI. Made once with {@code keytool}, for
 * 127.0.0.1 and localhost.
 */
public record TlsFiles(Path keyStore, Path trustStore, Path certificatePem, String password) {
    public static final String ALIAS = "trino";

    public TlsFiles {
        requireNonNull(keyStore, "keyStore is null");
        requireNonNull(trustStore, "trustStore is null");
        requireNonNull(certificatePem, "certificatePem is null");
        requireNonNull(password, "password is null");
    }

    public static TlsFiles in(Path directory, String password) {
        return new TlsFiles(directory.resolve("trino-keystore.p12"), directory.resolve("trino-truststore.p12"),
                directory.resolve("trino.pem"), password);
    }

    /** Creates the files unless they exist; {@code javaHome} provides keytool. */
    public TlsFiles createIfMissing(Path javaHome) {
        if (Files.isRegularFile(keyStore) && Files.isRegularFile(trustStore) && Files.isRegularFile(certificatePem)) {
            return this;
        }
        try {
            Files.createDirectories(keyStore.getParent());
            for (Path path : List.of(keyStore, trustStore, certificatePem)) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path keytool = javaHome.resolve("bin").resolve("keytool");
        keytool(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=localhost, OU=OpenCDP local stack", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
        keytool(keytool, "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(), "-storepass", password,
                "-file", certificatePem.toString());
        keytool(keytool, "-importcert", "-noprompt", "-alias", ALIAS, "-file", certificatePem.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", password);
        Secrets.restrictToOwner(keyStore);
        return this;
    }

    private static void keytool(Path keytool, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output.strip());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + keytool, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }
}
