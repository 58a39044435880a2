package org.opencdp.ingestion.decode;

/** Outcome of decoding one payload: either a {@link Decoded} record or a {@link Rejection}. */
public sealed interface DecodeResult permits Decoded, Rejection {
    default boolean isRejected() {
        return this instanceof Rejection;
    }
}
