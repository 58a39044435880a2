package org.opencdp.launcher.jobs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The engineer token of a single-machine installation: generated once into a file only its owner can read,
 * so that {@code cdp server} works without setup and engineers read the token from that file.
 */
public final class ServerTokenFile {
    private static final int TOKEN_BYTES = 32;

    private final Path file;

    public ServerTokenFile(Path file) {
        this.file = requireNonNull(file, "file is null").toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    public String readOrCreate() {
        try {
            if (!Files.exists(file)) {
                create();
            }
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.isEmpty()) {
                throw new IllegalStateException("The server token file " + file + " is empty; delete it to generate a new token");
            }
            return token;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the server token file " + file, e);
        }
    }

    private void create() throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temporary = Files.createTempFile(file.getParent(), ".server-token", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's permissions apply
            }
            Files.writeString(temporary, token + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, temporary);
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
}
