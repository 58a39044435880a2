package org.opencdp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackCommandTest {
    @TempDir
    Path home;

    @Test
    void statusSaysWhenNothingRuns() {
        CdpRun run = CdpRun.of("--home", home.toString(), "stack", "status");

        assertThat(run.exitCode()).isEqualTo(Cdp.EXIT_OK);
        assertThat(run.out()).contains("The stack is not running").contains("cdp stack up");
    }

    @Test
    void downStopsNothingThatItDidNotStart() {
        CdpRun run = CdpRun.of("--home", home.toString(), "stack", "down");

        assertThat(run.exitCode()).isEqualTo(Cdp.EXIT_OK);
        assertThat(run.out()).contains("Nothing was running.");
    }

    @Test
    void sqlWithoutTrinoTellsHowToStartIt() {
        CdpRun run = CdpRun.of("--home", home.toString(), "sql", "-e", "SELECT 1");

        assertThat(run.exitCode()).isEqualTo(Cdp.EXIT_FAILURE);
        assertThat(run.err()).contains("Trino is not running").contains("cdp stack up");
    }
}
