package org.opencdp.platform.generator;

/**
 * A deliberate data-quality or identity hazard the generator can inject. Each one is a situation real
 * OMO data contains and that ingestion or identity resolution must survive; each can be switched off
 * to get clean data.
 */
public enum Hazard
{
    /** Store iPads (app sign-ups in store) and smart POS terminals whose device id appears with many members' identifiers. */
    SHARED_STORE_DEVICE,
    /** Cashiers typing the placeholder phone 13800000000 for shoppers without a phone. */
    PLACEHOLDER_PHONE,
    /** A phone number given up by one person and later re-assigned to, and verified by, another. */
    RECYCLED_PHONE,
    /** A household tablet used by two or three family members, each logged in as themselves. */
    FAMILY_SHARED_DEVICE,
    /** Members under 14 whose consent needs a guardian; some consents arrive without one. */
    MINOR,
    /** QA staff test profiles with many events, all using the test phone 13912345678. */
    TEST_ACCOUNT,
    /** Events queued offline and sent days after they happened ({@code event_time} far behind {@code sent_at}). */
    LATE_EVENT,
    /** Devices whose clock is off: {@code event_time} and {@code sent_at} are both shifted by the same skew. */
    CLOCK_SKEW,
}
