package org.opencdp.launcher.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.launcher.cli.IdentityEvaluateCommand;
import org.opencdp.platform.generator.GeneratorSettings;
import org.opencdp.platform.generator.OmoGenerator;
import picocli.CommandLine;

/**
 * The identity quality bar on generated data with every hazard on: 3,000 people over two years (long enough for
 * a recycled number to stay idle past the carriers' 90-day minimum before its new owner verifies it).
 */
@Timeout(120)
class IdentityQualityEvaluationTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @TempDir
    static Path dataset;

    private static IdentityQualityReport report;

    @BeforeAll
    static void generateAndEvaluate()
            throws java.io.IOException {
        new OmoGenerator(GeneratorSettings.of(3_000, 42L, Instant.parse("2024-06-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z")))
                .generate(dataset);
        report = new IdentityQualityEvaluation(new Tokenizer("test", KEY), IdentityRules.defaults()).evaluate(dataset);
    }

    @Test
    void precisionAndRecallMeetTheBar() {
        assertThat(report.pairwise().precision()).as(report.render()).isGreaterThanOrEqualTo(IdentityQualityReport.PRECISION_BAR);
        assertThat(report.recoverable().recall()).as(report.render()).isGreaterThanOrEqualTo(IdentityQualityReport.RECALL_BAR);
        assertThat(report.pairwise().identifiers()).isGreaterThan(10_000);
    }

    @Test
    void noHubMergesAnyoneAndEveryQuarantinedHubIsASharedDevice() {
        assertThat(report.hubMerges()).as(report.render()).isZero();
        assertThat(report.quarantines()).as(report.render())
                .isNotEmpty()
                .allSatisfy(hub -> assertThat(hub.truth()).isEqualTo(IdentityQualityEvaluation.SHARED));
    }

    @Test
    void aRecycledNumberGoesToItsNewOwnerWithoutJoiningTheOldOne() {
        assertThat(report.recycledPhones()).as(report.render()).isNotEmpty();
        assertThat(report.recycledPhones()).as(report.render()).allSatisfy(outcome -> {
            assertThat(outcome.joined()).isFalse();
            assertThat(outcome.holder()).isEqualTo("new_owner");
        });
    }

    @Test
    void theCommandPrintsTheReportAndExitsZeroWhenTheBarIsMet() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new IdentityEvaluateCommand());
        command.setOut(new PrintWriter(out));

        int exit = command.execute("--dataset", dataset.toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("precision", "recall", "F1", "over-merged", "under-merged", "member sizes",
                "quarantined hubs", "recycled phones", "quality bar       MET");
    }
}
