package org.opencdp.platform.catalog;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.iceberg.hadoop.HadoopOutputFile;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Iceberg file IO for a warehouse on the local file system ({@code file:} locations). Every engine loads it
 * through the catalog property {@code io-impl}.
 *
 * <p>Reads, listings and deletes use plain {@code java.nio}. Files are written as Iceberg
 * {@link HadoopOutputFile}s over one shared, already loaded Hadoop {@link Configuration}: Iceberg's Parquet
 * writer copies the configuration of such a file, where for any other output file it builds a new one, which
 * finds and parses {@code core-default.xml} and {@code core-site.xml} again for every data file. The shared
 * configuration maps {@code file:} to {@link ForklessLocalFileSystem} and bypasses Hadoop's file system cache,
 * so neither a {@code file} file system cached by an engine with its own configuration nor Hadoop's default
 * local file system (checksum files, a forked {@code chmod} per created file) is ever used.
 */
public final class LocalFileIO implements SupportsPrefixOperations {
    private static final Configuration HADOOP_CONFIGURATION = hadoopConfiguration();

    @Override
    public InputFile newInputFile(String location) {
        return new LocationPreservingInputFile(org.apache.iceberg.Files.localInput(file(location)), location);
    }

    /** The file's location is {@code file:} and its absolute path, whether it was given with the scheme or not. */
    @Override
    public OutputFile newOutputFile(String location) {
        return HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file(location).toURI()), HADOOP_CONFIGURATION);
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

    private static Configuration hadoopConfiguration() {
        Configuration configuration = new Configuration();
        configuration.setClassLoader(LocalFileIO.class.getClassLoader());
        configuration.setClass("fs.file.impl", ForklessLocalFileSystem.class, FileSystem.class);
        configuration.setBoolean("fs.file.impl.disable.cache", true);
        return configuration;
    }

    /**
     * Hadoop's raw local file system (no checksum files), setting permissions through {@code java.nio}: without
     * Hadoop's native library, which its client jars do not ship, the raw local file system runs a {@code chmod}
     * process for every file and directory it creates. Public for Hadoop, which instantiates it by name.
     */
    public static final class ForklessLocalFileSystem extends RawLocalFileSystem {
        @Override
        public void setPermission(org.apache.hadoop.fs.Path path, FsPermission permission) throws IOException {
            if (permission.getStickyBit()) {
                super.setPermission(path, permission);
                return;
            }
            String symbolic = permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL + permission.getOtherAction().SYMBOL;
            try {
                Files.setPosixFilePermissions(pathToFile(path).toPath(), PosixFilePermissions.fromString(symbolic));
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(path, permission);
            }
        }
    }
}
