package org.opencdp.ingestion.decode;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Guards against hostile or broken clients: payloads are bounded before they are parsed, and event times
 * may lie in the future only by a small tolerance (device clocks drift; a corrected event far in the
 * future is a bug or an attack on time-windowed segments).
 *
 * @param maxPayloadBytes largest accepted payload
 * @param maxNestingDepth deepest accepted nesting of JSON objects and arrays
 * @param maxStringLength longest accepted JSON string, in characters
 * @param maxNumberLength longest accepted JSON number literal, in characters
 * @param futureTolerance how far after {@code received_at} an event time may lie
 */
public record DecoderLimits(
        int maxPayloadBytes,
        int maxNestingDepth,
        int maxStringLength,
        int maxNumberLength,
        Duration futureTolerance) {
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_NESTING_DEPTH = 16;
    public static final int DEFAULT_MAX_STRING_LENGTH = 16 * 1024;
    public static final int DEFAULT_MAX_NUMBER_LENGTH = 32;
    public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofMinutes(5);

    public DecoderLimits {
        checkPositive(maxPayloadBytes, "maxPayloadBytes");
        checkPositive(maxNestingDepth, "maxNestingDepth");
        checkPositive(maxStringLength, "maxStringLength");
        checkPositive(maxNumberLength, "maxNumberLength");
        requireNonNull(futureTolerance, "futureTolerance is null");
        if (futureTolerance.isNegative()) {
            throw new IllegalArgumentException("futureTolerance must not be negative: " + futureTolerance);
        }
    }

    public static DecoderLimits defaults() {
        return new DecoderLimits(
                DEFAULT_MAX_PAYLOAD_BYTES,
                DEFAULT_MAX_NESTING_DEPTH,
                DEFAULT_MAX_STRING_LENGTH,
                DEFAULT_MAX_NUMBER_LENGTH,
                DEFAULT_FUTURE_TOLERANCE);
    }

    public DecoderLimits withFutureTolerance(Duration tolerance) {
        return new DecoderLimits(maxPayloadBytes, maxNestingDepth, maxStringLength, maxNumberLength, tolerance);
    }

    public DecoderLimits withMaxNestingDepth(int depth) {
        return new DecoderLimits(maxPayloadBytes, depth, maxStringLength, maxNumberLength, futureTolerance);
    }

    public DecoderLimits withMaxStringLength(int length) {
        return new DecoderLimits(maxPayloadBytes, maxNestingDepth, length, maxNumberLength, futureTolerance);
    }

    public DecoderLimits withMaxPayloadBytes(int bytes) {
        return new DecoderLimits(bytes, maxNestingDepth, maxStringLength, maxNumberLength, futureTolerance);
    }

    private static void checkPositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
