package org.opencdp.ingestion.pii;

import static java.util.Objects.requireNonNull;

/**
 * A phone number after normalisation.
 *
 * @param value the 11-digit mainland mobile number when valid, else the input without separators
 * @param valid true when {@code value} is a mainland China mobile number (11 digits starting with 1)
 */
public record NormalizedPhone(String value, boolean valid) {
    public NormalizedPhone {
        requireNonNull(value, "value is null");
    }
}
