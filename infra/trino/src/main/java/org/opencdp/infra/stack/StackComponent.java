package org.opencdp.infra.stack;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** One running part of the stack: what it is, its process, where it listens and where it logs. */
public record StackComponent(String name, OwnedProcess process, String address, Path log) {
    public static final String POSTGRES = "postgres";
    public static final String KAFKA = "kafka";
    public static final String TRINO = "trino";

    public StackComponent {
        requireNonNull(name, "name is null");
        requireNonNull(process, "process is null");
        requireNonNull(address, "address is null");
        requireNonNull(log, "log is null");
    }
}
