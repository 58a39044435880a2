package org.opencdp.launcher.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencdp.launcher.Cdp;
import picocli.CommandLine;

class JobTypesTest {
    private final JobTypes types = JobTypes.standard(Path.of("/srv/cdp"));

    @Test
    void everyJobTypeRunsACommandTheCommandLineAccepts() {
        for (JobType type : types.all()) {
            Map<String, String> params = new HashMap<>();
            type.parameters().forEach(parameter -> params.put(parameter.name(), parameter.defaultValue().orElse("1")));
            String[] arguments = type.commandArguments(type.validate(params)).toArray(String[]::new);

            CommandLine.ParseResult parsed = new CommandLine(new Cdp()).parseArgs(arguments);

            assertThat(parsed.hasSubcommand()).as(type.name()).isTrue();
        }
    }

    @Test
    void parametersAreCheckedBeforeAnythingRuns() {
        JobType generate = types.require("generate");

        assertThat(generate.validate(Map.of("members", "10", "dataset", "d1"))).containsEntry("seed", "42");
        assertThat(generate.commandArguments(generate.validate(Map.of("members", "10", "dataset", "d1"))))
                .containsSubsequence("--out", "/srv/cdp/generated/d1");
        assertThatThrownBy(() -> generate.validate(Map.of("dataset", "d1")))
                .isInstanceOf(InvalidJobRequestException.class)
                .hasMessageContaining("requires parameter 'members'");
        assertThatThrownBy(() -> generate.validate(Map.of("members", "--help", "dataset", "d1")))
                .isInstanceOf(InvalidJobRequestException.class)
                .hasMessageContaining("'--help'");
        assertThatThrownBy(() -> types.require("compaction"))
                .isInstanceOf(InvalidJobRequestException.class)
                .hasMessageContaining("lakehouse-init");
    }
}
