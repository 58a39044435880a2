package org.opencdp.launcher.identity;

import static java.util.Objects.requireNonNull;

/**
 * What identity resolution made of one recycled number.
 *
 * @param previousOwner person who gave the number up
 * @param newOwner person who got it and verified it
 * @param joined true when some member holds identifiers of both persons (the failure the rules must prevent)
 * @param holder who the number's member belongs to: {@code new_owner}, {@code previous_owner}, {@code nobody}
 *        (quarantined or alone) or {@code both}
 */
public record RecycledPhoneOutcome(String previousOwner, String newOwner, boolean joined, String holder) {
    public RecycledPhoneOutcome {
        requireNonNull(previousOwner, "previousOwner is null");
        requireNonNull(newOwner, "newOwner is null");
        requireNonNull(holder, "holder is null");
    }
}
