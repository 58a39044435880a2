package org.opencdp.infra.trino;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A Trino server directory: {@code lib/} (the server class path) and {@code plugin/} with the iceberg plugin. The
 * build unpacks {@code trino-server-core} and {@code trino-iceberg} from Maven Central into
 * {@code infra/trino/target/trino-server-<version>} and records that place in {@code trino-distribution.properties}.
 */
public record TrinoDistribution(Path directory) {
    public static final String MAIN_CLASS = "io.trino.server.TrinoServer";

    public TrinoDistribution {
        requireNonNull(directory, "directory is null");
        directory = directory.toAbsolutePath().normalize();
    }

    /** The configured directory, else the one the build unpacked; checked and ready to run. */
    public static TrinoDistribution locate(Optional<Path> configured) {
        requireNonNull(configured, "configured is null");
        TrinoDistribution distribution = new TrinoDistribution(configured.orElseGet(TrinoDistribution::builtDirectory));
        distribution.check(configured.isPresent());
        distribution.restoreLinkedJars();
        return distribution;
    }

    /** The Trino version the build fetched. */
    public static String builtVersion() {
        return buildProperties().getProperty("version");
    }

    static Path builtDirectory() {
        return Path.of(buildProperties().getProperty("directory"));
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = TrinoDistribution.class.getResourceAsStream("trino-distribution.properties")) {
            if (in == null) {
                throw new IllegalStateException("trino-distribution.properties is missing from the class path of cdp-infra-trino");
            }
            properties.load(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    public Path lib() {
        return directory.resolve("lib");
    }

    public Path plugins() {
        return directory.resolve("plugin");
    }

    private void check(boolean configured) {
        List<Path> required = List.of(lib(), plugins().resolve("iceberg"), plugins().resolve("password-authenticators"));
        for (Path path : required) {
            if (!Files.isDirectory(path)) {
                String how = configured
                        ? "check trino.server-dir"
                        : "build it with 'mvn -pl infra/trino -am package -DskipTests' (fetches trino-server-core and trino-iceberg "
                                + builtVersion() + " from Maven Central) or set trino.server-dir";
                throw new IllegalStateException("Trino server not found: " + path + " is missing; " + how);
            }
        }
    }

    /**
     * The server tarball stores jars shared by lib/ and the plugins as hard links, which Maven's unarchiver writes as
     * empty files; link (or copy) them back from lib/.
     */
    private void restoreLinkedJars() {
        try (Stream<Path> files = Files.walk(plugins(), 2)) {
            for (Path jar : files.filter(path -> path.toString().endsWith(".jar")).toList()) {
                if (Files.size(jar) > 0) {
                    continue;
                }
                Path original = lib().resolve(jar.getFileName().toString());
                if (!Files.isRegularFile(original) || Files.size(original) == 0) {
                    throw new IllegalStateException("Trino plugin jar " + jar + " is empty and " + original
                            + " does not exist; unpack the distribution again (mvn -pl infra/trino clean package -DskipTests)");
                }
                Files.delete(jar);
                try {
                    Files.createLink(jar, original);
                }
                catch (IOException | UnsupportedOperationException e) {
                    Files.copy(original, jar, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Trino plugins in " + plugins(), e);
        }
    }
}
