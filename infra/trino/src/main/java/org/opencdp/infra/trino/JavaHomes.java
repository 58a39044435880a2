package org.opencdp.infra.trino;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/** Finds a JDK recent enough for Trino, which needs Java 22 or newer while the platform runs on 17. */
public final class JavaHomes {
    public static final int TRINO_MINIMUM_FEATURE_VERSION = 22;
    /** Where JDKs are usually installed on Linux (Debian/Ubuntu, RHEL, container images) and macOS. */
    public static final List<Path> SEARCH_ROOTS = List.of(
            Path.of("/usr/lib/jvm"), Path.of("/usr/java"), Path.of("/opt/java"), Path.of("/opt"),
            Path.of("/Library/Java/JavaVirtualMachines"));

    private JavaHomes() {}

    /**
     * The JDK that runs Trino: {@code configured} when given (it must qualify), else the newest qualifying JDK among
     * {@code javaHomeVariable}, the running JDK and the JDKs under {@code searchRoots}.
     */
    public static Path findForTrino(Optional<Path> configured, Optional<String> javaHomeVariable, List<Path> searchRoots) {
        requireNonNull(configured, "configured is null");
        requireNonNull(javaHomeVariable, "javaHomeVariable is null");
        requireNonNull(searchRoots, "searchRoots is null");
        if (configured.isPresent()) {
            Path home = configured.get();
            OptionalInt version = featureVersion(home);
            if (version.isEmpty() || version.getAsInt() < TRINO_MINIMUM_FEATURE_VERSION) {
                throw new IllegalStateException("trino.java-home " + home + " is " + describe(home, version)
                        + "; Trino needs a JDK " + TRINO_MINIMUM_FEATURE_VERSION + " or newer");
            }
            return home;
        }
        Set<Path> candidates = new LinkedHashSet<>();
        javaHomeVariable.filter(text -> !text.isBlank()).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        for (Path root : searchRoots) {
            candidates.addAll(children(root));
        }
        List<String> looked = new ArrayList<>();
        Optional<Path> best = candidates.stream()
                .filter(home -> {
                    OptionalInt version = featureVersion(home);
                    looked.add(home + " (" + describe(home, version) + ")");
                    return version.isPresent() && version.getAsInt() >= TRINO_MINIMUM_FEATURE_VERSION;
                })
                .max(Comparator.comparingInt(home -> featureVersion(home).orElse(0)));
        return best.orElseThrow(() -> new IllegalStateException("Trino needs a JDK " + TRINO_MINIMUM_FEATURE_VERSION
                + " or newer and none was found; looked at " + (looked.isEmpty() ? "nothing" : String.join(", ", looked))
                + ". Install one (e.g. Temurin 25) or set trino.java-home"));
    }

    /** The feature version (17, 21, 25...) of the JDK at {@code home}, from its {@code release} file. */
    public static OptionalInt featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return OptionalInt.empty();
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(release)) {
            properties.load(reader);
        }
        catch (IOException | IllegalArgumentException e) {
            return OptionalInt.empty();
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "").strip();
        String[] parts = version.split("[.+\\-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return OptionalInt.of(first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first);
        }
        catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static String describe(Path home, OptionalInt version) {
        return version.isPresent() ? "Java " + version.getAsInt() : "not a JDK";
    }

    private static List<Path> children(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.sorted()
                    .flatMap(entry -> Stream.of(entry, entry.resolve("Contents").resolve("Home")))
                    .filter(Files::isDirectory)
                    .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
    }
}
