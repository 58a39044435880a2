package org.opencdp.ingestion.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Names of the Kafka record headers the platform writes; values are UTF-8 text. */
public final class RecordHeaders {
    /** The {@code Contract} enum name of the value, e.g. {@code WEB_EVENT}; lets a consumer of a renamed or mirrored topic decode it. */
    public static final String CONTRACT = "cdp.contract";
    /**
     * The CRC-64-AVRO parsing fingerprint of the writer schema as 16 lower-case hex digits: the same number the
     * single-object header of the value carries (little-endian there), readable by tools that do not speak Avro.
     */
    public static final String SCHEMA_FINGERPRINT = "cdp.schema-fingerprint";

    private RecordHeaders() {}

    /** The text of the last header of that name, if any. */
    public static Optional<String> lastValue(Headers headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        return Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
