package org.opencdp.ingestion.importer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;
import org.opencdp.ingestion.decode.ReasonCode;
import org.opencdp.ingestion.decode.Rejection;
import org.opencdp.schemas.avro.TransactionType;

/**
 * Turns the lines of one basket into the {@code PosTransaction} JSON a POS terminal would post to the collector,
 * so the edge pipeline validates and tokenizes file imports exactly like live baskets. Store, member, terminal,
 * time and type come from the first line; every line becomes a line item. Money is converted to minor units of
 * the currency (2 decimals for USD, GBP, CNY), rounding half up; the total is the sum of the line values.
 */
final class BasketConverter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PosMapping mapping;
    private final PosMapping.Columns columns;
    private final DateTimeFormatter formatter;
    private final ZoneId zone;
    private final String fileChecksum;
    private final String fileName;

    BasketConverter(PosMapping mapping, String fileChecksum, String fileName) {
        this.mapping = requireNonNull(mapping, "mapping is null");
        this.columns = mapping.columns();
        this.formatter = mapping.formatter();
        this.zone = mapping.zone();
        this.fileChecksum = requireNonNull(fileChecksum, "fileChecksum is null");
        this.fileName = requireNonNull(fileName, "fileName is null");
    }

    sealed interface Conversion permits Converted, Failed {}

    /** A basket ready for the edge pipeline, with what the import report counts. */
    record Converted(String eventId, byte[] json, String currency, long totalMinor) implements Conversion {}

    record Failed(Rejection rejection) implements Conversion {}

    /**
     * The event id of a basket: a name-based UUID of the file checksum, the basket id and the line of its first
     * line, so importing the same file again gives the same ids (deduplicated downstream), while the same basket
     * id in another file (another day's receipt numbering) gives another.
     */
    static String eventId(String fileChecksum, String basketId, long firstLine) {
        return UUID.nameUUIDFromBytes(("pos-import/" + fileChecksum + "/" + basketId + "/" + firstLine)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    Conversion convert(Basket basket) {
        try {
            return convertOrThrow(basket);
        } catch (ArithmeticException e) {
            return new Failed(new Rejection(ReasonCode.INVALID_VALUE, null,
                    "basket %s at line %d: an amount is out of range: %s".formatted(basket.basketId(), basket.firstLine(), e.getMessage()),
                    eventId(fileChecksum, basket.basketId(), basket.firstLine())));
        } catch (LineException e) {
            return new Failed(new Rejection(e.reason, e.column,
                    "line %d: %s".formatted(e.line, e.getMessage()), eventId(fileChecksum, basket.basketId(), basket.firstLine())));
        }
    }

    private Converted convertOrThrow(Basket basket) {
        for (SourceLine line : basket.lines()) {
            if (line.malformed() != null) {
                throw new LineException(line, line.malformed().reason(), null, line.malformed().message());
            }
        }
        SourceLine first = basket.lines().get(0);
        String eventId = eventId(fileChecksum, basket.basketId(), basket.firstLine());
        Instant eventTime = timestamp(first);
        String currency = currency(first);
        int decimals = Currency.getInstance(currency).getDefaultFractionDigits();

        ObjectNode event = JSON.createObjectNode();
        event.put("event_id", eventId);
        event.put("source", "POS");
        event.put("event_time", eventTime.toString());
        ObjectNode identifiers = event.putObject("identifiers");
        putIfPresent(identifiers, "member_card", value(first, columns.memberCard()));
        putIfPresent(identifiers, "payment_token", value(first, columns.paymentToken()));

        String storeId = columns.storeId() == null ? mapping.storeId()
                : value(first, columns.storeId()) == null ? null : mapping.storeIdPrefix() + value(first, columns.storeId());
        String terminalId = value(first, columns.terminalId());
        ObjectNode context = event.putObject("context");
        putIfPresent(context, "channel", mapping.channel());
        putIfPresent(context, "store_id", storeId);
        putIfPresent(context, "terminal_id", terminalId);

        ObjectNode properties = event.putObject("properties");
        for (Map.Entry<String, String> property : mapping.properties().entrySet()) {
            putIfPresent(properties, property.getKey(), value(first, property.getValue()));
        }
        properties.put("import_mapping", mapping.name());
        properties.put("import_file", fileName);
        properties.put("import_line", Long.toString(basket.firstLine()));

        event.put("transaction_id", basket.basketId());
        TransactionType type = mapping.transactionType().typeOf(value(first, mapping.transactionType().column()));
        event.put("transaction_type", type.name());
        putIfPresent(event, "store_id", storeId);
        putIfPresent(event, "terminal_id", terminalId);
        putIfPresent(event, "cashier_id", value(first, columns.cashierId()));
        event.put("business_day", eventTime.atZone(zone).toLocalDate().toString());
        event.put("currency", currency);

        ArrayNode items = event.putArray("items");
        long total = 0;
        for (SourceLine line : basket.lines()) {
            String lineCurrency = currency(line);
            if (!lineCurrency.equals(currency)) {
                throw new LineException(line, ReasonCode.INVALID_VALUE, columns.currency(),
                        "currency %s differs from the basket's %s".formatted(lineCurrency, currency));
            }
            ObjectNode item = items.addObject();
            String sku = value(line, columns.sku());
            if (sku == null) {
                throw new LineException(line, ReasonCode.MISSING_FIELD, columns.sku(), "column %s (sku) is empty".formatted(columns.sku()));
            }
            item.put("sku", sku);
            putIfPresent(item, "product_name", value(line, columns.description()));
            putIfPresent(item, "category", value(line, columns.category()));
            BigDecimal quantity = requiredNumber(line, columns.quantity(), "quantity");
            long discount = 0;
            for (String column : columns.discounts()) {
                BigDecimal amount = optionalNumber(line, column);
                // files disagree on the sign of discounts; the contract stores them as positive amounts
                discount += amount == null ? 0 : minor(amount.abs(), decimals);
            }
            long lineTotal;
            long unitPrice;
            if (columns.unitPrice() != null) {
                BigDecimal price = requiredNumber(line, columns.unitPrice(), "unit price");
                unitPrice = minor(price, decimals);
                BigDecimal lineValue = columns.lineValue() == null ? null : requiredNumber(line, columns.lineValue(), "line value");
                lineTotal = lineValue != null ? minor(lineValue, decimals) : minor(price.multiply(quantity), decimals) - discount;
            } else {
                lineTotal = minor(requiredNumber(line, columns.lineValue(), "line value"), decimals);
                // no unit price in the file: the shelf price is what was paid plus the discounts, per unit
                long gross = lineTotal + discount;
                unitPrice = quantity.signum() == 0 ? gross
                        : BigDecimal.valueOf(gross).divide(quantity, 0, RoundingMode.HALF_UP).longValueExact();
            }
            item.put("quantity", quantity.doubleValue());
            item.put("unit_price_minor", unitPrice);
            item.put("discount_minor", discount);
            item.put("line_total_minor", lineTotal);
            total += lineTotal;
        }
        event.put("total_minor", total);
        try {
            return new Converted(eventId, JSON.writeValueAsBytes(event), currency, total);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write basket " + basket.basketId(), e);
        }
    }

    private Instant timestamp(SourceLine line) {
        String text = value(line, columns.timestamp());
        if (text == null) {
            throw new LineException(line, ReasonCode.MISSING_FIELD, columns.timestamp(), "column %s (timestamp) is empty".formatted(columns.timestamp()));
        }
        try {
            TemporalAccessor parsed = formatter.parseBest(text, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof ZonedDateTime zoned) {
                return zoned.toInstant();
            }
            if (parsed instanceof OffsetDateTime offset) {
                return offset.toInstant();
            }
            return ((LocalDateTime) parsed).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new LineException(line, ReasonCode.INVALID_VALUE, columns.timestamp(),
                    "column %s: '%s' does not match timestamp format '%s'".formatted(columns.timestamp(), text, mapping.timestampFormat()));
        }
    }

    private String currency(SourceLine line) {
        String code = columns.currency() == null ? mapping.currency() : value(line, columns.currency());
        if (code == null) {
            code = mapping.currency();
        }
        if (code == null) {
            throw new LineException(line, ReasonCode.MISSING_FIELD, columns.currency(), "column %s (currency) is empty".formatted(columns.currency()));
        }
        try {
            return Currency.getInstance(code).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new LineException(line, ReasonCode.INVALID_VALUE, columns.currency(), "'%s' is not an ISO 4217 currency code".formatted(code));
        }
    }

    private BigDecimal requiredNumber(SourceLine line, String column, String role) {
        BigDecimal number = optionalNumber(line, column);
        if (number == null) {
            throw new LineException(line, ReasonCode.MISSING_FIELD, column, "column %s (%s) is empty".formatted(column, role));
        }
        return number;
    }

    private BigDecimal optionalNumber(SourceLine line, String column) {
        String text = value(line, column);
        if (text == null) {
            return null;
        }
        if (text.length() > 40) {
            throw new LineException(line, ReasonCode.INVALID_VALUE, column, "column %s: '%s' is out of range".formatted(column, text));
        }
        BigDecimal number;
        try {
            number = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new LineException(line, ReasonCode.INVALID_VALUE, column, "column %s: '%s' is not a number".formatted(column, text));
        }
        // bounded before any arithmetic: an exponent like 1e999999999 would otherwise expand to a huge number
        int integerDigits = number.precision() - number.scale();
        if (integerDigits > 15) {
            throw new LineException(line, ReasonCode.INVALID_VALUE, column, "column %s: '%s' is out of range".formatted(column, text));
        }
        // floating-point noise such as 4.440892e-16 written by the exporting tool is zero in any currency
        return integerDigits < -15 ? BigDecimal.ZERO : number;
    }

    private static long minor(BigDecimal major, int decimals) {
        return major.movePointRight(decimals).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private String value(SourceLine line, String column) {
        String value = line.value(column);
        if (value == null) {
            return null;
        }
        String suffix = mapping.stripSuffix().get(column);
        if (suffix != null && value.endsWith(suffix)) {
            value = value.substring(0, value.length() - suffix.length());
        }
        return value.isEmpty() ? null : value;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** A line that cannot be read; rejects its whole basket (a partial basket would have a wrong total). */
    private static final class LineException extends RuntimeException {
        private final long line;
        private final ReasonCode reason;
        private final String column;

        LineException(SourceLine line, ReasonCode reason, String column, String message) {
            super(message, null, false, false);
            this.line = line.lineNumber();
            this.reason = reason;
            this.column = column;
        }
    }
}
