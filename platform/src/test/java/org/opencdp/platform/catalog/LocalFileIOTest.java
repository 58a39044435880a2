package org.opencdp.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
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
}
