package org.opencdp.ingestion.importer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.opencdp.schemas.avro.TransactionType;

/**
 * How the columns of an end-of-day file become a {@code PosTransaction}: which column holds the basket id, the
 * store, the time and so on, how to read times and money, and how to tell a return from a sale. Loaded from a
 * small JSON file (see docs/importers.md); {@link #builtIn(String)} gives the shipped mappings.
 *
 * @param name short name, recorded in the import ledger and in every event's properties
 * @param format default file format when the command line gives none
 * @param delimiter CSV field delimiter, one character
 * @param grouping how the lines of one basket are found in the file
 * @param columns column names by role
 * @param timestampFormat {@code iso} (ISO-8601 with an offset) or a {@link DateTimeFormatter} pattern
 * @param timeZone zone of timestamps without an offset, and of the business day
 * @param currency currency of every line when no currency column is mapped
 * @param storeId store of every line when no store column is mapped
 * @param storeIdPrefix put before the store column's value (e.g. {@code web-} before a country)
 * @param channel {@code context.channel} of every transaction ({@code store}, {@code web}, ...)
 * @param stripSuffix per column, a suffix removed from its values (e.g. {@code .0} of ids written as floats)
 * @param properties event property name → column, copied into the transaction's {@code properties}
 * @param transactionType how the transaction type is derived; SALE when absent
 */
public record PosMapping(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("format") PosFileFormat format,
        @JsonProperty("delimiter") String delimiter,
        @JsonProperty("grouping") BasketGrouping grouping,
        @JsonProperty("columns") Columns columns,
        @JsonProperty("timestamp_format") String timestampFormat,
        @JsonProperty("time_zone") String timeZone,
        @JsonProperty("currency") String currency,
        @JsonProperty("store_id") String storeId,
        @JsonProperty("store_id_prefix") String storeIdPrefix,
        @JsonProperty("channel") String channel,
        @JsonProperty("strip_suffix") Map<String, String> stripSuffix,
        @JsonProperty("properties") Map<String, String> properties,
        @JsonProperty("transaction_type") TransactionTypeRule transactionType) {

    /** Names accepted by {@link #builtIn(String)}. */
    public static final Set<String> BUILT_IN = Set.of("dunnhumby", "uci");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);

    public PosMapping {
        requireText(name, "name");
        format = format == null ? PosFileFormat.CSV : format;
        delimiter = delimiter == null ? "," : delimiter;
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("Mapping %s: delimiter must be one character, not '%s'".formatted(name, delimiter));
        }
        grouping = grouping == null ? BasketGrouping.FILE : grouping;
        if (columns == null) {
            throw new IllegalArgumentException("Mapping %s: 'columns' is required".formatted(name));
        }
        timestampFormat = timestampFormat == null ? "iso" : timestampFormat;
        try {
            formatter(timestampFormat);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Mapping %s: timestamp_format '%s' is not a date-time pattern: %s"
                    .formatted(name, timestampFormat, e.getMessage()), e);
        }
        timeZone = timeZone == null ? "UTC" : timeZone;
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Mapping %s: time_zone '%s' is not a time zone id".formatted(name, timeZone), e);
        }
        if (currency != null) {
            try {
                Currency.getInstance(currency);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Mapping %s: currency '%s' is not an ISO 4217 code".formatted(name, currency), e);
            }
        }
        if (columns.currency() == null && currency == null) {
            throw new IllegalArgumentException("Mapping %s: map a currency column or set 'currency'".formatted(name));
        }
        if (columns.storeId() == null && storeId == null) {
            throw new IllegalArgumentException("Mapping %s: map a store_id column or set 'store_id'".formatted(name));
        }
        storeIdPrefix = storeIdPrefix == null ? "" : storeIdPrefix;
        stripSuffix = stripSuffix == null ? Map.of() : Map.copyOf(stripSuffix);
        properties = properties == null ? Map.of() : Map.copyOf(new TreeMap<>(properties));
        transactionType = transactionType == null ? new TransactionTypeRule(null, List.of(), TransactionType.SALE) : transactionType;
    }

    /** The column of each role; basket id, timestamp, sku, quantity and unit price or line value are required. */
    public record Columns(
            @JsonProperty("basket_id") String basketId,
            @JsonProperty("store_id") String storeId,
            @JsonProperty("terminal_id") String terminalId,
            @JsonProperty("cashier_id") String cashierId,
            @JsonProperty("timestamp") String timestamp,
            @JsonProperty("member_card") String memberCard,
            @JsonProperty("payment_token") String paymentToken,
            @JsonProperty("sku") String sku,
            @JsonProperty("description") String description,
            @JsonProperty("category") String category,
            @JsonProperty("quantity") String quantity,
            @JsonProperty("unit_price") String unitPrice,
            @JsonProperty("line_value") String lineValue,
            @JsonProperty("discounts") List<String> discounts,
            @JsonProperty("currency") String currency) {
        public Columns {
            requireText(basketId, "columns.basket_id");
            requireText(timestamp, "columns.timestamp");
            requireText(sku, "columns.sku");
            requireText(quantity, "columns.quantity");
            if (unitPrice == null && lineValue == null) {
                throw new IllegalArgumentException("Mapping columns: map unit_price, line_value or both");
            }
            discounts = discounts == null ? List.of() : List.copyOf(discounts);
        }
    }

    /**
     * The type of a transaction from the value of one column of its first line: the first rule that matches
     * (equal value, or value starting with a prefix) gives the type, else the default.
     */
    public record TransactionTypeRule(
            @JsonProperty("column") String column,
            @JsonProperty("rules") List<Rule> rules,
            @JsonProperty("default") TransactionType defaultType) {
        public TransactionTypeRule {
            rules = rules == null ? List.of() : List.copyOf(rules);
            defaultType = defaultType == null ? TransactionType.SALE : defaultType;
            if (!rules.isEmpty() && column == null) {
                throw new IllegalArgumentException("transaction_type: rules need a 'column'");
            }
        }

        TransactionType typeOf(String value) {
            if (value != null) {
                for (Rule rule : rules) {
                    if (rule.matches(value)) {
                        return rule.type();
                    }
                }
            }
            return defaultType;
        }
    }

    public record Rule(
            @JsonProperty("equals") String equalsValue,
            @JsonProperty("prefix") String prefix,
            @JsonProperty("type") TransactionType type) {
        public Rule {
            requireNonNull(type, "transaction_type rule: 'type' is required");
            if ((equalsValue == null) == (prefix == null)) {
                throw new IllegalArgumentException("transaction_type rule: give exactly one of 'equals' or 'prefix'");
            }
        }

        boolean matches(String value) {
            return equalsValue != null ? equalsValue.equals(value) : value.startsWith(prefix);
        }
    }

    /** {@code iso} or a pattern, as a formatter that parses dates with or without an offset. */
    DateTimeFormatter formatter() {
        return formatter(timestampFormat);
    }

    private static DateTimeFormatter formatter(String pattern) {
        if (pattern.equalsIgnoreCase("iso")) {
            return DateTimeFormatter.ISO_DATE_TIME;
        }
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    }

    ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** A mapping shipped with the importer ({@code dunnhumby}, {@code uci}), a JSON mapping file otherwise. */
    public static PosMapping resolve(String nameOrPath) {
        requireNonNull(nameOrPath, "nameOrPath is null");
        if (BUILT_IN.contains(nameOrPath.toLowerCase(Locale.ROOT))) {
            return builtIn(nameOrPath);
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Mapping '%s' is neither a shipped mapping %s nor a readable file"
                    .formatted(nameOrPath, BUILT_IN.stream().sorted().toList()));
        }
        return load(file);
    }

    public static PosMapping builtIn(String name) {
        String resource = "mappings/" + name.toLowerCase(Locale.ROOT) + ".json";
        try (InputStream in = PosMapping.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No shipped mapping '%s'; shipped: %s".formatted(name, BUILT_IN.stream().sorted().toList()));
            }
            return JSON.readValue(in, PosMapping.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read shipped mapping " + name, e);
        }
    }

    public static PosMapping load(Path file) {
        try {
            return JSON.readValue(file.toFile(), PosMapping.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read mapping file %s: %s".formatted(file, e.getMessage()), e);
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Mapping: '%s' is required".formatted(field));
        }
    }
}
