package org.opencdp.platform.generator;

import static java.util.Objects.requireNonNull;

/**
 * A phone or tablet running the brand's app, used between {@code from} and {@code to}.
 *
 * @param oaid set on Android and HarmonyOS devices
 * @param androidId set on Android devices
 * @param idfa set on iOS devices
 * @param familyId household sharing the device, or null for a personal device
 */
record Device(String platform, String oaid, String androidId, String idfa, String model, String osVersion, long from, long to, String familyId)
{
    Device
    {
        requireNonNull(platform, "platform is null");
        requireNonNull(model, "model is null");
        requireNonNull(osVersion, "osVersion is null");
        if (from >= to) {
            throw new IllegalArgumentException("device used from %s to %s".formatted(from, to));
        }
    }

    boolean usableAt(long time)
    {
        return time >= from && time < to;
    }

    Device during(long from, long to)
    {
        return new Device(platform, oaid, androidId, idfa, model, osVersion, from, to, familyId);
    }
}
