package org.opencdp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ImportCommandTest {
    private static final String UCI_DAY = """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
            536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
            C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom
            536389,22941,CHRISTMAS LIGHTS 10 REINDEER,six,2010-12-01 10:03:00,8.5,12431.0,Australia
            """;

    @TempDir
    Path home;

    @Test
    void importsAnEndOfDayFileOnceAndSkipsItTheSecondTime() throws Exception {
        Path file = Files.writeString(home.resolve("2010-12-01.csv"), UCI_DAY);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String[] command = {"--home", home.toString(), "import", "pos", "--mapping", "uci", "--file", file.toString(),
                    "--to-kafka", broker.bootstrapServers()};

            CdpRun first = CdpRun.of(command);
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out())
                    .containsPattern("baskets accepted\\s+2\\s+\\(3 lines\\)")
                    .contains("total GBP 8.14")
                    .containsPattern("dead letters\\s+1\\s+\\(1 lines\\)")
                    .containsPattern("INVALID_VALUE\\s+1")
                    .contains("1 file(s) imported, 0 skipped");

            CdpRun second = CdpRun.of(command);
            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(second.out()).contains("already imported", "Use --force", "0 file(s) imported, 1 skipped");
        }
    }

    @Test
    void anUnknownMappingIsAUsageErrorNamingTheShippedOnes() throws Exception {
        Path file = Files.writeString(home.resolve("day.csv"), UCI_DAY);
        CdpRun run = CdpRun.of("--home", home.toString(), "import", "pos", "--mapping", "nielsen", "--file", file.toString(),
                "--to-kafka", "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(Cdp.EXIT_FAILURE);
        assertThat(run.err()).contains("nielsen", "[dunnhumby, uci]");
    }
}
