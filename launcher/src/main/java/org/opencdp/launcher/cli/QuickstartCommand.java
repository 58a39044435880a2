package org.opencdp.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.opencdp.ingestion.batch.LoadReport;
import org.opencdp.ingestion.batch.RawBatchLoader;
import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.launcher.Cdp;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.generator.GenerationResult;
import org.opencdp.platform.generator.OmoGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The embedded pipeline end to end on generated data: generate OMO data, create the lakehouse, run the
 * edge pipeline (validation, tokenization, dead letters) and load the raw tables, then summarise.
 */
@Command(name = "quickstart", description = "Run the embedded pipeline on generated OMO data and print a summary.")
public final class QuickstartCommand implements Callable<Integer> {
    @ParentCommand
    Cdp cdp;

    @Spec
    CommandSpec spec;

    @Option(names = "--members", defaultValue = "10000", description = "Number of people to generate. Default: ${DEFAULT-VALUE}.")
    int members;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CdpConfig config = cdp.config();
        long started = System.nanoTime();
        out.printf("OpenCDP quickstart (embedded mode, home %s)%n%n", config.home());

        out.println("1/3 Generating OMO data");
        Path data = config.home().resolve("quickstart").resolve("data");
        long step = System.nanoTime();
        GenerationResult generated = new OmoGenerator(GenerateCommand.settings(members, seed,
                GenerateCommand.DEFAULT_START, GenerateCommand.DEFAULT_END, 0.01, false)).generate(data);
        Summary.printGeneration(out, generated, System.nanoTime() - step);

        try (OpenLakehouse open = new OpenLakehouse(config)) {
            out.printf("%n2/3 Creating the lakehouse (catalog '%s')%n", config.catalog().name());
            out.print(open.lakehouse().init().format());

            out.printf("%n3/3 Validating, tokenizing and loading the raw tables%n");
            EdgePipeline pipeline = new EdgePipeline(JsonEventDecoder.withDefaults(),
                    new IdentifierTokenizer(Tokenizer.from(config.tokenization())), Clock.systemUTC());
            step = System.nanoTime();
            LoadReport report = new RawBatchLoader(open.catalog(), pipeline, Clock.systemUTC()).load(data);
            Summary.printLoad(out, report, System.nanoTime() - step);

            out.printf("%nSummary%n");
            LakehouseCommand.print(open.lakehouse().tables(), out);
        }
        out.printf(Locale.ROOT, "%nDone in %.1f s. Explore with: bin/cdp lakehouse tables%n", (System.nanoTime() - started) / 1e9);
        out.flush();
        return Cdp.EXIT_OK;
    }
}
