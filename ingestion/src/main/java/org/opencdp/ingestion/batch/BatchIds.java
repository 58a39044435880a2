package org.opencdp.ingestion.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Batch ids derived from content: the same files (names and bytes) always give the same id, wherever they are
 * stored, so a load that is repeated after a crash or by mistake is recognised.
 */
final class BatchIds {
    private BatchIds() {}

    static String fromFiles(List<Path> files) {
        MessageDigest batch = sha256();
        for (Path file : files.stream().sorted(Comparator.comparing(path -> path.getFileName().toString())).toList()) {
            batch.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            batch.update((byte) 0);
            batch.update(checksum(file));
        }
        return "load-" + HexFormat.of().formatHex(batch.digest(), 0, 16);
    }

    private static byte[] checksum(Path file) {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
