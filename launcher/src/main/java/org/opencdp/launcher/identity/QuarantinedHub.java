package org.opencdp.launcher.identity;

import static java.util.Objects.requireNonNull;

/**
 * A hub identifier the rules quarantined, with what the ground truth says it is.
 *
 * @param type identifier type of the hub
 * @param neighbourType the type whose distinct neighbours exceeded the threshold
 * @param distinctNeighbours how many there were
 * @param truth {@code shared} (a device or placeholder of no one), {@code several persons}, a person id, or
 *        {@code unknown} when the ground truth does not list it
 */
public record QuarantinedHub(String type, String neighbourType, int distinctNeighbours, String truth) {
    public QuarantinedHub {
        requireNonNull(type, "type is null");
        requireNonNull(neighbourType, "neighbourType is null");
        requireNonNull(truth, "truth is null");
    }
}
