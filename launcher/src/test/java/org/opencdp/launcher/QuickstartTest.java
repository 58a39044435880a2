package org.opencdp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
    @TempDir
    Path home;

    @Test
    void quickstartLoadsGeneratedDataIntoTheRawTablesAndIsSafeToRerun() {
        CdpRun first = CdpRun.of("--home", home.toString(), "quickstart", "--members", "300");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("1/3 Generating OMO data", "2/3 Creating the lakehouse", "3/3 Validating")
                .contains("raw.web_events", "raw.pos_transactions", "raw.dead_letters")
                .contains("Summary")
                .containsPattern("events accepted, [\\d,]+ rejected");

        CdpRun again = CdpRun.of("--home", home.toString(), "quickstart", "--members", "300");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("already loaded");

        CdpRun tables = CdpRun.of("--home", home.toString(), "lakehouse", "tables");
        assertThat(tables.exitCode()).isZero();
        assertThat(tables.out()).containsPattern("raw\\.pos_transactions\\s+[1-9][\\d,]*\\s");
    }
}
