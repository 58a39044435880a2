package org.opencdp.streaming.consent;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * The consent decision in force for one subject, purpose, channel and recipient: a row of {@code consent.state}
 * (without its write time).
 *
 * @param subject token of the subject's highest-priority identifier
 * @param subjectType identifier type of the subject token
 * @param purpose a {@code ConsentPurpose} name
 * @param channel a {@code ConsentChannel} name, or {@value #NONE} when the purpose has no channel
 * @param recipient the third party, or {@value #NONE} when there is none
 * @param granted true when the decision is a grant that counts
 * @param action GRANT, DENY or WITHDRAW (UNKNOWN for an unreadable one, never granted)
 * @param policyVersion policy or consent text version the decision was made under
 * @param subjectIsMinor whether the subject declared an age under 14, or null when not stated
 * @param guardianConsent true when a guardian decided for a minor
 * @param source channel that captured the decision
 * @param capturedAt when the decision was made
 * @param eventId the ledger event of the decision
 */
public record ConsentState(
        String subject,
        String subjectType,
        String purpose,
        String channel,
        String recipient,
        boolean granted,
        String action,
        String policyVersion,
        Boolean subjectIsMinor,
        boolean guardianConsent,
        String source,
        Instant capturedAt,
        String eventId)
{
    /** Channel and recipient of a decision that has none: they are part of the table's key, which has no nulls. */
    public static final String NONE = "";

    public ConsentState
    {
        requireNonNull(subject, "subject is null");
        requireNonNull(subjectType, "subjectType is null");
        requireNonNull(purpose, "purpose is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(recipient, "recipient is null");
        requireNonNull(action, "action is null");
        requireNonNull(policyVersion, "policyVersion is null");
        requireNonNull(source, "source is null");
        requireNonNull(capturedAt, "capturedAt is null");
        requireNonNull(eventId, "eventId is null");
    }

    /** The key of {@code consent.state} (subject, purpose, channel, recipient) as one string, for partitioning a stream. */
    public String key()
    {
        return String.join("\u0000", subject, purpose, channel, recipient);
    }
}
