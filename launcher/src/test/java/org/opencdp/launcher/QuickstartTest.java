package org.opencdp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, end to end on a small population: real broker, real Flink and Spark jobs, real Iceberg tables. */
class QuickstartTest {
    @TempDir
    Path home;

    @Test
    void quickstartRunsGeneratedDataThroughTheStreamingPipelineIntoTheLakehouse() {
        CdpRun run = CdpRun.of("--home", home.toString(), "quickstart", "--members", "150");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("1/5 Generating OMO data", "2/5 Creating the lakehouse", "3/5 Collecting", "4/5 Streaming jobs", "5/5 Resolving identities")
                .contains("raw-ingest", "core-events", "identity-links", "consent")
                .contains("Summary");
        long acknowledgedPos = number(run.out(), "cdp\\.pos\\.transactions\\s+([\\d,]+) records");
        assertThat(rows(run.out(), "raw.pos_transactions")).isEqualTo(acknowledgedPos);
        assertThat(rows(run.out(), "raw.dead_letters")).isEqualTo(number(run.out(), "cdp\\.dead_letters\\s+([\\d,]+) records"));
        assertThat(rows(run.out(), "core.events")).isPositive();
        assertThat(rows(run.out(), "identity.links")).isPositive();
        assertThat(rows(run.out(), "consent.ledger")).isPositive();
        assertThat(rows(run.out(), "consent.state")).isPositive();
        assertThat(rows(run.out(), "identity.graph")).isPositive();
        assertThat(rows(run.out(), "identity.members")).isPositive();
        // the jobs' own output goes to their logs, not into the summary
        for (String job : new String[] {"raw-ingest", "core-events", "identity-links", "consent", "identity"}) {
            assertThat(home.resolve("quickstart").resolve("logs").resolve(job + ".log")).isNotEmptyFile();
        }
    }

    private static long rows(String out, String table) {
        return number(out, Pattern.quote(table) + "\\s+([\\d,]+)\\s");
    }

    private static long number(String out, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(out);
        assertThat(matcher.find()).as("%s in%n%s", regex, out).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }
}
