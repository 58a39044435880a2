package org.opencdp.platform.catalog;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Iceberg file IO for a warehouse on the local file system ({@code file:} locations), on plain
 * {@code java.nio}. Hadoop's local file system, the default, forks a {@code chmod} process for every file
 * it creates, which dominates the cost of writing many small files. Every engine loads it through the
 * catalog property {@code io-impl}.
 */
public final class LocalFileIO implements SupportsPrefixOperations {
    @Override
    public InputFile newInputFile(String location) {
        return new LocationPreservingInputFile(org.apache.iceberg.Files.localInput(file(location)), location);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        File file = file(location);
        File parent = file.getParentFile();
        if (parent != null && !parent.isDirectory() && !parent.mkdirs() && !parent.isDirectory()) {
            throw new UncheckedIOException(new IOException("Cannot create directory " + parent));
        }
        return new LocationPreservingOutputFile(file, location);
    }

    @Override
    public void deleteFile(String location) {
        try {
            Files.deleteIfExists(file(location).toPath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + location, e);
        }
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
        Path root = file(prefix).toPath();
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(path -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    return new FileInfo("file:" + path, attributes.size(), attributes.lastModifiedTime().toMillis());
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read attributes of " + path, e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + prefix, e);
        }
    }

    @Override
    public void deletePrefix(String prefix) {
        Path root = file(prefix).toPath();
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (NoSuchFileException ignored) {
                    // deleted concurrently: the goal is reached
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + prefix, e);
        }
    }

    /** Accepts {@code file:/a/b}, {@code file:///a/b} and plain absolute paths. */
    static File file(String location) {
        if (location.startsWith("file:")) {
            return new File(URI.create(location.startsWith("file://") ? location : "file://" + location.substring("file:".length())));
        }
        if (location.startsWith("/")) {
            return new File(location);
        }
        throw new IllegalArgumentException("Not a local file location: " + location);
    }

    /**
     * Writes through a buffer: Iceberg's plain local output file writes every call straight to the file,
     * and Parquet footers are written a few bytes at a time. Keeps the caller's {@code file:} location, which
     * Iceberg records in metadata (Trino needs the scheme).
     */
    private record LocationPreservingOutputFile(File file, String location) implements OutputFile {
        @Override
        public PositionOutputStream create() {
            if (file.exists()) {
                throw new AlreadyExistsException("File already exists: %s", location);
            }
            return open();
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            return open();
        }

        private PositionOutputStream open() {
            try {
                return new BufferedPositionOutputStream(new FileOutputStream(file));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create " + location, e);
            }
        }

        @Override
        public InputFile toInputFile() {
            return new LocationPreservingInputFile(org.apache.iceberg.Files.localInput(file), location);
        }
    }

    private static final class BufferedPositionOutputStream extends PositionOutputStream {
        private final OutputStream out;
        private long position;

        BufferedPositionOutputStream(OutputStream out) {
            this.out = new BufferedOutputStream(out, 256 * 1024);
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            position += length;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private record LocationPreservingInputFile(InputFile delegate, String location) implements InputFile {
        @Override
        public long getLength() {
            return delegate.getLength();
        }

        @Override
        public org.apache.iceberg.io.SeekableInputStream newStream() {
            return delegate.newStream();
        }

        @Override
        public boolean exists() {
            return delegate.exists();
        }
    }
}
