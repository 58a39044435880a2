package org.opencdp.infra.stack;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** What {@code cdp stack up} started, kept in {@code state.properties} of the stack directory. */
public record StackState(LocalStack.Mode mode, String catalog, List<StackComponent> components) {
    public static final String FILE_NAME = "state.properties";

    public StackState {
        requireNonNull(mode, "mode is null");
        requireNonNull(catalog, "catalog is null");
        components = List.copyOf(components);
    }

    public Optional<StackComponent> component(String name) {
        return components.stream().filter(component -> component.name().equals(name)).findFirst();
    }

    public StackState with(StackComponent component) {
        List<StackComponent> updated = new ArrayList<>(components);
        updated.removeIf(existing -> existing.name().equals(component.name()));
        updated.add(component);
        return new StackState(mode, catalog, updated);
    }

    void write(Path directory) {
        Properties properties = new Properties();
        properties.setProperty("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        properties.setProperty("catalog", catalog);
        List<String> names = new ArrayList<>();
        for (StackComponent component : components) {
            names.add(component.name());
            properties.setProperty(component.name() + ".process", component.process().encode());
            properties.setProperty(component.name() + ".address", component.address());
            properties.setProperty(component.name() + ".log", component.log().toString());
        }
        properties.setProperty("components", String.join(",", names));
        Path file = directory.resolve(FILE_NAME);
        Path temporary = directory.resolve(FILE_NAME + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(writer, "Processes started by cdp stack up; cdp stack down stops exactly these");
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + temporary, e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    static Optional<StackState> read(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        List<StackComponent> components = new ArrayList<>();
        for (String name : properties.getProperty("components", "").split(",")) {
            if (name.isBlank()) {
                continue;
            }
            components.add(new StackComponent(name,
                    OwnedProcess.decode(properties.getProperty(name + ".process")),
                    properties.getProperty(name + ".address", ""),
                    Path.of(properties.getProperty(name + ".log", ""))));
        }
        return Optional.of(new StackState(LocalStack.Mode.valueOf(properties.getProperty("mode", "full").toUpperCase(java.util.Locale.ROOT)),
                properties.getProperty("catalog", "cdp"), components));
    }

    static void delete(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(FILE_NAME));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
