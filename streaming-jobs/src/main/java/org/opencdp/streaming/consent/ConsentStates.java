package org.opencdp.streaming.consent;

import java.util.Optional;

import org.opencdp.schemas.avro.ConsentAction;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.identity.links.EventIdentifiers;
import org.opencdp.identity.links.TypedIdentifier;

import static java.util.Objects.requireNonNull;

/**
 * How consent decisions fold into the consent in force.
 *
 * <ul>
 *   <li><b>Subject</b>: the token of the event's highest-priority identifier (member card, phone, WeChat unionid,
 *       Alipay id, e-mail, WeChat openid, devices, anonymous ids; see {@link EventIdentifiers}). Identity
 *       resolution later joins the subjects of one member; an event without any identifier has no subject and
 *       only reaches the ledger.</li>
 *   <li><b>Key</b>: subject, purpose, channel and recipient; a missing channel or recipient is
 *       {@value ConsentState#NONE}.</li>
 *   <li><b>Latest wins</b>: the decision captured last is in force, whatever order decisions arrive in. At the
 *       same capture time the more restrictive one wins (withdraw, then deny, then grant), then the greater event
 *       id, so the outcome never depends on arrival order.</li>
 *   <li><b>Granted</b>: only a GRANT counts, and a grant of a subject who declared to be a minor counts only with
 *       guardian consent. Whether the grant's policy version is still the current one is checked where consent
 *       is used, against the policy in force then.</li>
 * </ul>
 */
public final class ConsentStates
{
    private ConsentStates() {}

    /** The state a consent event sets, or empty when the event names no subject. */
    public static Optional<ConsentState> of(ConsentEvent event)
    {
        requireNonNull(event, "event is null");
        Optional<TypedIdentifier> subject = EventIdentifiers.subject(event.getIdentifiers());
        if (subject.isEmpty()) {
            return Optional.empty();
        }
        boolean minor = Boolean.TRUE.equals(event.getSubjectIsMinor());
        boolean guardian = Boolean.TRUE.equals(event.getGuardianConsent());
        ConsentAction action = event.getAction();
        return Optional.of(new ConsentState(
                subject.get().token(),
                subject.get().type(),
                event.getPurpose().name(),
                event.getChannel() == null ? ConsentState.NONE : event.getChannel().name(),
                event.getRecipient() == null ? ConsentState.NONE : event.getRecipient(),
                granted(action, minor, guardian),
                action.name(),
                event.getPolicyVersion(),
                event.getSubjectIsMinor(),
                guardian,
                event.getSource().name(),
                event.getEventTime(),
                event.getEventId()));
    }

    /** Whether a decision counts as consent: a grant, and for a minor only with guardian consent. */
    public static boolean granted(ConsentAction action, boolean subjectIsMinor, boolean guardianConsent)
    {
        return action == ConsentAction.GRANT && (!subjectIsMinor || guardianConsent);
    }

    /** Whether {@code candidate} replaces {@code current} as the decision in force (both of the same key). */
    public static boolean supersedes(ConsentState candidate, ConsentState current)
    {
        requireNonNull(candidate, "candidate is null");
        if (current == null) {
            return true;
        }
        int byTime = candidate.capturedAt().compareTo(current.capturedAt());
        if (byTime != 0) {
            return byTime > 0;
        }
        int byRestriction = Integer.compare(restriction(candidate.action()), restriction(current.action()));
        if (byRestriction != 0) {
            return byRestriction > 0;
        }
        return candidate.eventId().compareTo(current.eventId()) > 0;
    }

    private static int restriction(String action)
    {
        return switch (action) {
            case "WITHDRAW" -> 3;
            case "DENY" -> 2;
            case "GRANT" -> 0;
            default -> 1;
        };
    }
}
