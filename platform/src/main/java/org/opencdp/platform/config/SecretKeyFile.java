package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret key of a single-machine installation (the tokenization key, the vault key): generated once with
 * a secure random source into a file only its owner can read, and reused by every later run (tokens stay
 * joinable and ciphertexts readable across runs).
 */
public final class SecretKeyFile {
    private static final Logger LOG = LoggerFactory.getLogger(SecretKeyFile.class);
    private static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path file;

    public SecretKeyFile(Path file) {
        this.file = requireNonNull(file, "file is null").toAbsolutePath();
    }

    /** The default key id of a key: a fingerprint, so the id changes exactly when the key does. */
    public static String fingerprint(String prefix, byte[] secretKey) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(secretKey);
            return prefix + "-" + java.util.HexFormat.of().formatHex(digest, 0, 6);
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public Path file() {
        return file;
    }

    /** The key in the file, creating the file with a new random key when there is none yet. */
    public byte[] readOrCreate() {
        try {
            if (!Files.exists(file)) {
                create();
            }
            return read();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret key file " + file, e);
        }
    }

    private void create() throws IOException {
        Path directory = file.getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            setPermissions(directory, OWNER_ONLY_DIRECTORY);
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        // Written beside the target and linked into place: the key file appears complete or not at all, and
        // when two processes race, the first link wins and both use that key.
        Path temporary = Files.createTempFile(directory, ".key", ".tmp");
        try {
            setPermissions(temporary, OWNER_ONLY_FILE);
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, temporary);
                LOG.info("Generated a new secret key into {}", file);
            }
            catch (FileAlreadyExistsException e) {
                // another process created it first: use theirs
            }
            catch (UnsupportedOperationException e) {
                Files.move(temporary, file);
            }
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    private byte[] read() throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        }
        catch (IllegalArgumentException e) {
            throw new InvalidConfigException("The tokenization key file " + file + " does not hold base64 text");
        }
        if (key.length < CdpProperties.TOKENIZATION_SECRET_KEY_MIN_BYTES) {
            throw new InvalidConfigException("The tokenization key in " + file + " has " + key.length
                    + " bytes, at least " + CdpProperties.TOKENIZATION_SECRET_KEY_MIN_BYTES + " are needed");
        }
        if (isPosix() && !OWNER_ONLY_FILE.containsAll(Files.getPosixFilePermissions(file))) {
            LOG.warn("The tokenization key file {} is readable by others; restrict it with: chmod 600 {}", file, file);
        }
        return key;
    }

    private void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (isPosix()) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private boolean isPosix() {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
