package org.opencdp.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.hadoop.HadoopOutputFile;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileIOTest {
    @TempDir
    Path dir;

    private final LocalFileIO io = new LocalFileIO();

    @Test
    void writesReadsListsAndDeletesFilesKeepingTheFileScheme() throws Exception {
        String location = "file:" + dir.resolve("warehouse/raw/t/data/part-0.parquet");
        OutputFile output = io.newOutputFile(location);
        try (OutputStream out = output.create()) {
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }

        InputFile input = io.newInputFile(location);
        assertThat(output.location()).isEqualTo(location);
        assertThat(input.location()).isEqualTo(location);
        assertThat(input.exists()).isTrue();
        assertThat(input.getLength()).isEqualTo(5);
        try (InputStream in = input.newStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        assertThat(StreamSupport.stream(io.listPrefix("file:" + dir.resolve("warehouse")).spliterator(), false).map(FileInfo::location))
                .containsExactly(location);

        io.deleteFile(location);
        assertThat(io.newInputFile(location).exists()).isFalse();
        io.deletePrefix("file:" + dir.resolve("warehouse"));
        assertThat(dir.resolve("warehouse")).doesNotExist();
    }

    @Test
    void createRefusesAnExistingFileButCreateOrOverwriteReplacesIt() throws Exception {
        String location = "file:" + dir.resolve("metadata/v1.metadata.json");
        try (OutputStream out = io.newOutputFile(location).create()) {
            out.write(new byte[] {1, 2, 3});
        }

        assertThatThrownBy(() -> io.newOutputFile(location).create())
                .isInstanceOf(org.apache.iceberg.exceptions.AlreadyExistsException.class)
                .hasMessageContaining(location);
        try (org.apache.iceberg.io.PositionOutputStream out = io.newOutputFile(location).createOrOverwrite()) {
            out.write(new byte[] {4, 5});
            assertThat(out.getPos()).isEqualTo(2);
        }
        assertThat(io.newInputFile(location).getLength()).isEqualTo(2);
    }

    @Test
    void refusesLocationsThatAreNotLocal() {
        assertThatThrownBy(() -> io.newInputFile("s3://bucket/key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3://bucket/key");
    }

    @Test
    void givesEveryOutputFileTheSameLoadedHadoopConfigurationSoParquetWritersDoNotParseANewOne() {
        OutputFile first = io.newOutputFile("file:" + dir.resolve("a.parquet"));
        OutputFile second = io.newOutputFile("file:" + dir.resolve("b.parquet"));

        assertThat(first).isInstanceOf(HadoopOutputFile.class);
        assertThat(((HadoopOutputFile) first).getConf()).isSameAs(((HadoopOutputFile) second).getConf());
        assertThat(((HadoopOutputFile) first).getFileSystem()).isInstanceOf(LocalFileIO.ForklessLocalFileSystem.class);
    }

    @Test
    void writesParquetDataFilesWithoutChecksumFilesEvenWhenHadoopCachedItsChecksummingLocalFileSystem() throws Exception {
        // an engine that already cached Hadoop's default local file system (checksums) for file:
        assertThat(FileSystem.get(URI.create("file:///"), new Configuration())).isInstanceOf(LocalFileSystem.class);
        Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()), Types.NestedField.optional(2, "name", Types.StringType.get()));
        String location = "file:" + dir.resolve("warehouse/raw/t/data/day=2026-08-01/00000-0-file.parquet");

        try (FileAppender<Record> appender = new GenericAppenderFactory(schema).newAppender(io.newOutputFile(location), FileFormat.PARQUET)) {
            for (long id = 0; id < 3; id++) {
                GenericRecord record = GenericRecord.create(schema);
                record.setField("id", id);
                record.setField("name", "n" + id);
                appender.add(record);
            }
        }

        try (CloseableIterable<Record> rows = Parquet.read(io.newInputFile(location)).project(schema)
                .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema)).build()) {
            assertThat(StreamSupport.stream(rows.spliterator(), false).map(row -> row.getField("name"))).containsExactly("n0", "n1", "n2");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            assertThat(written).containsExactly(LocalFileIO.file(location).toPath());
        }
        // permissions are set (0666 under Hadoop's default umask 022), through java.nio rather than a chmod process
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(LocalFileIO.file(location).toPath()))).isEqualTo("rw-r--r--");
    }

    @Test
    void writesPlainAbsolutePathsUnderTheFileScheme() {
        Path path = dir.resolve("metadata/v2.metadata.json");

        assertThat(io.newOutputFile(path.toString()).location()).isEqualTo("file:" + path);
    }
}
