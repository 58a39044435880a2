package org.opencdp.ingestion.importer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.DeadLettered;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.LineItem;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.TransactionType;

class PosFileImporterTest {
    private final IdentifierTokenizer tokenizer = PosFixtures.tokenizer();

    @TempDir
    Path directory;

    @Test
    void groupsTheUnsortedDunnhumbyLinesIntoBasketsWithTotalsInCents() {
        List<EdgeOutcome> outcomes = new ArrayList<>();
        ImportResult result = importer("dunnhumby").importFile(PosFixtures.copy(PosFixtures.DUNNHUMBY_CSV, directory), null, outcomes::add);

        assertThat(result.lines()).isEqualTo(14);
        assertThat(result.basketsAccepted()).isEqualTo(5);
        assertThat(result.linesAccepted()).isEqualTo(10);
        assertThat(result.deadLetters()).isEqualTo(3);
        assertThat(result.linesRejected()).isEqualTo(4);
        assertThat(result.deadLettersByReason()).containsExactlyInAnyOrderEntriesOf(Map.of("INVALID_VALUE", 2L, "MISSING_FIELD", 1L));
        assertThat(result.acceptedTotalsMinor()).containsExactly(Map.entry("USD", 3127L));

        List<PosTransaction> transactions = accepted(outcomes);
        assertThat(transactions).extracting(PosTransaction::getTransactionId, PosTransaction::getStoreId, PosTransaction::getTotalMinor)
                .containsExactly(
                        tuple("31625220889", "309", 1083L),
                        tuple("32053127496", "368", 458L),
                        tuple("32445856036", "316", 100L),
                        tuple("31932241118", "388", 1486L),
                        tuple("31400000001", "408", 0L));
        PosTransaction weighed = transactions.get(1);
        assertThat(weighed.getItems()).extracting(LineItem::getSku).containsExactly("873902", "1082185", "9999999");
        LineItem pound = weighed.getItems().get(1);
        assertThat(pound.getQuantity()).isEqualTo(1.25);
        assertThat(pound.getDiscountMinor()).isEqualTo(100);
        assertThat(pound.getLineTotalMinor()).isEqualTo(249);
        assertThat(pound.getUnitPriceMinor()).as("(paid + discounts) / quantity").isEqualTo(279);
        assertThat(weighed.getCurrency()).isEqualTo("USD");
        assertThat(weighed.getTransactionType()).isEqualTo(TransactionType.SALE);
        assertThat(weighed.getEventTime()).isEqualTo(java.time.Instant.parse("2017-03-01T03:31:57Z"));
        assertThat(weighed.getBusinessDay()).as("local day in New York").isEqualTo(LocalDate.parse("2017-02-28"));
        assertThat(weighed.getProperties()).containsEntry("week", "10").containsEntry("import_mapping", "dunnhumby");
        assertThat(weighed.getIdentifiers().getMemberCard()).isEqualTo(tokenizer.token(IdentifierType.MEMBER_CARD, "2131"));
        assertThat(weighed.getIdentifiers().getTokenizationKeyId()).isEqualTo("test-key");
    }

    @Test
    void dunnhumbyRejectsAreDeadLetteredWithTheOriginalLinesUnderTheHeader() throws IOException {
        Path file = PosFixtures.copy(PosFixtures.DUNNHUMBY_CSV, directory);
        List<String> lines = Files.readAllLines(file);
        List<EdgeOutcome> outcomes = new ArrayList<>();
        importer("dunnhumby").importFile(file, null, outcomes::add);

        List<DeadLetter> deadLetters = deadLetters(outcomes);
        assertThat(deadLetters).extracting(DeadLetter::getReasonCode, DeadLetter::getField, DeadLetter::getSource, DeadLetter::getStage)
                .containsExactly(
                        tuple("MISSING_FIELD", "basket_id", "pos", "importer"),
                        tuple("INVALID_VALUE", "sales_value", "pos", "importer"),
                        tuple("INVALID_VALUE", "transaction_timestamp", "pos", "importer"));
        assertThat(payload(deadLetters.get(0))).isEqualTo(lines.get(0) + "\n" + lines.get(11));
        assertThat(payload(deadLetters.get(1))).as("the whole basket, not only its bad line")
                .isEqualTo(lines.get(0) + "\n" + lines.get(9) + "\n" + lines.get(10));
        assertThat(deadLetters.get(1).getMessage()).contains("line 11", "'3..5' is not a number");
        assertThat(payload(deadLetters.get(2))).isEqualTo(lines.get(0) + "\n" + lines.get(12));
        assertThat(deadLetters.get(2).getMessage()).contains("line 13", "2017-02-21 11:01:45");
    }

    @Test
    void uciInvoicesBecomeWebShopTransactionsWithCancellationsAsReturns() {
        List<EdgeOutcome> outcomes = new ArrayList<>();
        ImportResult result = importer("uci").importFile(PosFixtures.copy(PosFixtures.UCI_CSV, directory), null, outcomes::add);

        assertThat(result.lines()).isEqualTo(17);
        assertThat(result.basketsAccepted()).isEqualTo(7);
        assertThat(result.linesAccepted()).isEqualTo(13);
        assertThat(result.deadLetters()).isEqualTo(3);
        assertThat(result.linesRejected()).isEqualTo(4);
        assertThat(result.acceptedTotalsMinor()).containsExactly(Map.entry("GBP", 18779L));

        List<PosTransaction> transactions = accepted(outcomes);
        assertThat(transactions).extracting(PosTransaction::getTransactionId, PosTransaction::getTransactionType, PosTransaction::getTotalMinor)
                .containsExactly(
                        tuple("536365", TransactionType.SALE, 8314L),
                        tuple("536366", TransactionType.SALE, 2220L),
                        tuple("C536379", TransactionType.RETURN, -2750L),
                        tuple("536381", TransactionType.SALE, 2400L),
                        tuple("C536383", TransactionType.RETURN, -465L),
                        tuple("536389", TransactionType.SALE, 9060L),
                        tuple("536414", TransactionType.SALE, 0L));
        PosTransaction first = transactions.get(0);
        assertThat(first.getItems()).as("the invoice's line at the end of the file joins it").hasSize(4);
        assertThat(first.getStoreId()).isEqualTo("web-United Kingdom");
        assertThat(first.getContext().getChannel()).isEqualTo("web");
        assertThat(first.getEventTime()).as("UK local time in winter is UTC").isEqualTo(java.time.Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(first.getIdentifiers().getMemberCard()).as("CustomerID 17850.0 is card 17850")
                .isEqualTo(tokenizer.token(IdentifierType.MEMBER_CARD, "17850"));
        assertThat(transactions.get(3).getItems().get(0).getProductName()).isEqualTo("AIRLINE LOUNGE,METAL SIGN");
        assertThat(transactions.get(5).getStoreId()).isEqualTo("web-Australia");
        assertThat(transactions.get(6).getIdentifiers().getMemberCard()).as("guest order").isNull();
        assertThat(deadLetters(outcomes)).extracting(DeadLetter::getReasonCode, DeadLetter::getField)
                .containsExactly(
                        tuple("MISSING_FIELD", "InvoiceNo"),
                        tuple("INVALID_VALUE", "Quantity"),
                        tuple("INVALID_VALUE", "InvoiceDate"));
    }

    @Test
    void consecutiveGroupingDeadLettersABasketThatReappearsInsteadOfSplittingIt() throws IOException {
        Path mappingFile = directory.resolve("uci-sorted.json");
        String shipped = new String(PosMapping.class.getResourceAsStream("mappings/uci.json").readAllBytes(), UTF_8);
        Files.writeString(mappingFile, shipped.replace("\"grouping\": \"file\"", "\"grouping\": \"consecutive\""));
        PosMapping mapping = PosMapping.resolve(mappingFile.toString());
        assertThat(mapping.grouping()).isEqualTo(BasketGrouping.CONSECUTIVE);

        List<EdgeOutcome> outcomes = new ArrayList<>();
        ImportResult result = new PosFileImporter(PosFixtures.pipeline(tokenizer), mapping)
                .importFile(PosFixtures.copy(PosFixtures.UCI_CSV, directory), PosFileFormat.CSV, outcomes::add);

        assertThat(result.basketsAccepted()).isEqualTo(7);
        assertThat(result.deadLetters()).isEqualTo(4);
        assertThat(accepted(outcomes).get(0).getTotalMinor()).isEqualTo(8314L - 2550L);
        DeadLetter reopened = deadLetters(outcomes).stream()
                .filter(deadLetter -> deadLetter.getMessage().contains("re-appears")).findFirst().orElseThrow();
        assertThat(reopened.getMessage()).contains("line 18", "basket 536365 re-appears after it was closed at line 4");
        assertThat(payload(reopened)).endsWith("536365,21730,GLASS STAR FROSTED T-LIGHT HOLDER,6,2010-12-01 08:26:00,4.25,17850.0,United Kingdom");
    }

    @Test
    void jsonLinesUseKeysAsColumns() {
        List<EdgeOutcome> outcomes = new ArrayList<>();
        ImportResult result = importer("dunnhumby").importFile(PosFixtures.copy(PosFixtures.DUNNHUMBY_JSONL, directory), PosFileFormat.JSONL, outcomes::add);

        assertThat(result.lines()).isEqualTo(5);
        assertThat(result.basketsAccepted()).isEqualTo(2);
        assertThat(result.acceptedTotalsMinor()).containsExactly(Map.entry("USD", 984L + 159L));
        assertThat(result.deadLettersByReason()).containsExactlyInAnyOrderEntriesOf(Map.of("MALFORMED_JSON", 1L, "INVALID_VALUE", 1L));
        assertThat(payload(deadLetters(outcomes).get(0))).isEqualTo("{\"household_id\":\"2131\",\"store_id\":\"368\",\"basket_id\":");
    }

    @Test
    void reimportingTheSameFileGivesTheSameEventAndDeadLetterIds() {
        Path file = PosFixtures.copy(PosFixtures.DUNNHUMBY_CSV, directory);
        List<EdgeOutcome> first = new ArrayList<>();
        List<EdgeOutcome> second = new ArrayList<>();
        importer("dunnhumby").importFile(file, null, first::add);
        importer("dunnhumby").importFile(file, null, second::add);

        assertThat(accepted(second)).extracting(PosTransaction::getEventId)
                .containsExactlyElementsOf(accepted(first).stream().map(PosTransaction::getEventId).toList())
                .doesNotHaveDuplicates();
        assertThat(deadLetters(second)).extracting(DeadLetter::getDeadLetterId)
                .containsExactlyElementsOf(deadLetters(first).stream().map(DeadLetter::getDeadLetterId).toList());
    }

    @Test
    void csvRecordsKeepTheirExactTextAndLineEvenWhenAQuotedFieldSpansLines() throws IOException {
        Path file = directory.resolve("multiline.csv");
        Files.writeString(file, "a,b\r\n1,\"two\r\nlines\"\r\n\r\n3,x\r\n4\r\n");
        try (SourceLineReader reader = SourceLineReader.open(file, PosFileFormat.CSV, ',')) {
            assertThat(reader.payloadPreamble()).isEqualTo("a,b\n");
            SourceLine first = reader.next();
            assertThat(first.lineNumber()).isEqualTo(2);
            assertThat(first.rawText()).isEqualTo("1,\"two\r\nlines\"");
            assertThat(first.value("b")).isEqualTo("two\r\nlines");
            SourceLine second = reader.next();
            assertThat(second.lineNumber()).isEqualTo(5);
            assertThat(second.rawText()).isEqualTo("3,x");
            SourceLine short_ = reader.next();
            assertThat(short_.malformed().message()).isEqualTo("line has 1 columns, the header has 2");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void fileGroupingFailsWithAdviceBeyondItsBound() {
        PosFileImporter bounded = new PosFileImporter(PosFixtures.pipeline(tokenizer), PosMapping.builtIn("dunnhumby"), 5);
        assertThatThrownBy(() -> bounded.importFile(PosFixtures.copy(PosFixtures.DUNNHUMBY_CSV, directory), null, outcome -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("More than 5 lines")
                .hasMessageContaining("Sort the file by basket_id");
    }

    @Test
    void mappingErrorsNameTheProblem() throws IOException {
        Path broken = directory.resolve("broken.json");
        Files.writeString(broken, """
                {"name": "broken", "currency": "USD", "store_id": "1",
                 "columns": {"timestamp": "ts", "sku": "sku", "quantity": "qty", "line_value": "value"}}
                """);
        assertThatThrownBy(() -> PosMapping.load(broken)).hasMessageContaining("columns.basket_id");
        Files.writeString(broken, """
                {"name": "broken", "currency": "USD", "store_id": "1", "time_zon": "UTC",
                 "columns": {"basket_id": "b", "timestamp": "ts", "sku": "sku", "quantity": "qty", "line_value": "value"}}
                """);
        assertThatThrownBy(() -> PosMapping.load(broken)).hasMessageContaining("time_zon");
        assertThatThrownBy(() -> PosMapping.resolve("nowhere.json")).hasMessageContaining("[dunnhumby, uci]");
    }

    private PosFileImporter importer(String mapping) {
        return new PosFileImporter(PosFixtures.pipeline(tokenizer), PosMapping.builtIn(mapping));
    }

    private static List<PosTransaction> accepted(List<EdgeOutcome> outcomes) {
        return outcomes.stream().filter(Accepted.class::isInstance)
                .map(outcome -> (PosTransaction) ((Accepted) outcome).record()).toList();
    }

    private static List<DeadLetter> deadLetters(List<EdgeOutcome> outcomes) {
        return outcomes.stream().filter(DeadLettered.class::isInstance)
                .map(outcome -> ((DeadLettered) outcome).deadLetter()).toList();
    }

    static String payload(DeadLetter deadLetter) {
        ByteBuffer buffer = deadLetter.getOriginalPayload().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new String(PosFixtures.SEALER.open(deadLetter.getDeadLetterId(), deadLetter.getPayloadKeyId(), bytes), UTF_8);
    }
}
