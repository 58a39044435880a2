package org.opencdp.ingestion.collector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opencdp.schemas.contract.Contract;

/**
 * The collector's write keys in a small JSON file ({@code <home>/collector/write-keys.json}, owner-only). Only the
 * SHA-256 of each key is stored: the clear key is returned once by {@link #create} and cannot be recovered. The
 * collector re-reads the file when it changes, so a key created or revoked with {@code cdp collector keys} takes
 * effect without a restart. Changes from several processes are serialised with a file lock. Thread-safe.
 */
public final class WriteKeyStore {
    /** Prefix of every key, so a leaked key is recognisable by secret scanners. */
    public static final String KEY_PREFIX = "cdpwk_";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Snapshot snapshot = new Snapshot(null, Map.of());

    public WriteKeyStore(Path file) {
        this(file, Clock.systemUTC());
    }

    public WriteKeyStore(Path file, Clock clock) {
        this.file = requireNonNull(file, "file is null").toAbsolutePath();
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The store of an installation: {@code <home>/collector/write-keys.json}. */
    public static WriteKeyStore inHome(Path home) {
        return new WriteKeyStore(home.resolve("collector").resolve("write-keys.json"));
    }

    public Path file() {
        return file;
    }

    /** Creates a key allowed to send the given sources and returns it in clear, the only time it is available. */
    public CreatedWriteKey create(Set<Contract> sources) {
        requireNonNull(sources, "sources is null");
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        WriteKey entry = new WriteKey("wk_" + HexFormat.of().formatHex(idBytes), sha256(key),
                EnumSet.copyOf(sources), clock.instant(), Optional.empty());
        update(keys -> keys.put(entry.id(), entry));
        return new CreatedWriteKey(entry, key);
    }

    /** Every key, revoked ones included, oldest first. */
    public List<WriteKey> list() {
        return current().byId().values().stream()
                .sorted(Comparator.comparing(WriteKey::createdAt).thenComparing(WriteKey::id))
                .toList();
    }

    /**
     * Revokes a key: the collector answers 401 to it from its next request on.
     *
     * @throws IllegalArgumentException when no key has this id
     */
    public WriteKey revoke(String id) {
        requireNonNull(id, "id is null");
        WriteKey[] revoked = new WriteKey[1];
        update(keys -> {
            WriteKey key = keys.get(id);
            if (key == null) {
                throw new IllegalArgumentException("No write key with id '%s'; known: %s".formatted(id, keys.keySet()));
            }
            revoked[0] = key.revoked() ? key
                    : new WriteKey(key.id(), key.sha256(), key.sources(), key.createdAt(), Optional.of(clock.instant()));
            keys.put(id, revoked[0]);
        });
        return revoked[0];
    }

    /** The live (not revoked) key whose hash matches the presented key. */
    public Optional<WriteKey> authenticate(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith(KEY_PREFIX) || presentedKey.length() > 128) {
            return Optional.empty();
        }
        WriteKey key = current().byHash().get(sha256(presentedKey));
        return key == null || key.revoked() ? Optional.empty() : Optional.of(key);
    }

    private Snapshot current() {
        Object version;
        try {
            // the file is replaced on every change, so its identity changes even within one clock tick
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            version = java.util.Arrays.asList(attributes.lastModifiedTime(), attributes.fileKey(), attributes.size());
        }
        catch (NoSuchFileException e) {
            return new Snapshot(null, Map.of());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the write key store " + file, e);
        }
        Snapshot known = snapshot;
        if (version.equals(known.version())) {
            return known;
        }
        Snapshot loaded = new Snapshot(version, read());
        snapshot = loaded;
        return loaded;
    }

    private Map<String, WriteKey> read() {
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            Map<String, WriteKey> keys = new LinkedHashMap<>();
            for (JsonNode node : root.path("keys")) {
                EnumSet<Contract> sources = EnumSet.noneOf(Contract.class);
                for (JsonNode source : node.path("sources")) {
                    sources.add(source(source.asText()));
                }
                JsonNode revokedAt = node.path("revoked_at");
                WriteKey key = new WriteKey(node.path("id").asText(), node.path("sha256").asText(), sources,
                        Instant.parse(node.path("created_at").asText()),
                        revokedAt.isTextual() ? Optional.of(Instant.parse(revokedAt.asText())) : Optional.empty());
                keys.put(key.id(), key);
            }
            return keys;
        }
        catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        }
        catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The write key store " + file + " is not readable: " + e.getMessage(), e);
        }
    }

    /** Parses a source name as given on the command line or stored in the file. */
    public static Contract source(String name) {
        return Contract.bySourceName(name)
                .filter(Contract::isEvent)
                .orElseThrow(() -> new IllegalArgumentException("Unknown source '%s'; expected one of %s".formatted(name,
                        Contract.events().stream().map(Contract::sourceName).toList())));
    }

    private synchronized void update(java.util.function.Consumer<Map<String, WriteKey>> change) {
        try {
            Path directory = file.getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                setOwnerOnly(directory, "rwx------");
            }
            try (FileChannel lockChannel = FileChannel.open(directory.resolve(file.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockChannel.lock()) {
                Map<String, WriteKey> keys = read();
                change.accept(keys);
                write(keys);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot update the write key store " + file, e);
        }
    }

    private void write(Map<String, WriteKey> keys) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("keys");
        for (WriteKey key : keys.values()) {
            ObjectNode node = array.addObject();
            node.put("id", key.id());
            node.put("sha256", key.sha256());
            ArrayNode sources = node.putArray("sources");
            key.sources().stream().map(Contract::sourceName).sorted().forEach(sources::add);
            node.put("created_at", key.createdAt().toString());
            key.revokedAt().ifPresentOrElse(at -> node.put("revoked_at", at.toString()), () -> node.putNull("revoked_at"));
        }
        Path temporary = Files.createTempFile(file.getParent(), ".write-keys", ".tmp");
        try {
            setOwnerOnly(temporary, "rw-------");
            Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void setOwnerOnly(Path path, String permissions) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private record Snapshot(Object version, Map<String, WriteKey> byId, Map<String, WriteKey> byHash) {
        Snapshot(Object version, Map<String, WriteKey> byId) {
            this(version, Map.copyOf(byId), index(byId));
        }

        private static Map<String, WriteKey> index(Map<String, WriteKey> byId) {
            Map<String, WriteKey> byHash = new LinkedHashMap<>();
            byId.values().forEach(key -> byHash.put(key.sha256(), key));
            return Map.copyOf(byHash);
        }
    }

    @Override
    public String toString() {
        return "WriteKeyStore[" + file + "]";
    }
}
