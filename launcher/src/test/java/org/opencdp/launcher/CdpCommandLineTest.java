package org.opencdp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdpCommandLineTest {
    @TempDir
    Path home;

    @Test
    void helpListsTheCommandsAndExitsZero() {
        CdpRun run = CdpRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("quickstart", "generate", "lakehouse", "config", "bench");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String[] command : new String[][] {{"quickstart"}, {"generate"}, {"lakehouse", "init"}, {"lakehouse", "tables"}, {"config"}, {"bench", "run"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            CdpRun run = CdpRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).as(String.join(" ", command)).contains("Usage: cdp");
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        CdpRun unknownOption = CdpRun.of("lakehouse", "tables", "--no-such-option");
        CdpRun missingOption = CdpRun.of("generate", "--members", "10");

        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown option: '--no-such-option'");
        assertThat(missingOption.exitCode()).isEqualTo(2);
        assertThat(missingOption.err()).contains("Missing required argument").contains("--out=DIR");
    }

    @Test
    void failuresExitWithOneAndOneReadableLine() throws Exception {
        Path config = Files.writeString(home.resolve("bad.properties"), "catalog.typo=sqlite\n");

        CdpRun run = CdpRun.of("--config", config.toString(), "lakehouse", "tables");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("cdp: error: ").contains("catalog.typo");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void configShowsTheEffectiveSettingsWithSecretsMasked() {
        CdpRun run = CdpRun.of("--home", home.toString(), "config");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(home.toString());
    }
}
