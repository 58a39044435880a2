package org.opencdp.platform.generator;

import java.util.SplittableRandom;

/**
 * Makes devices with ids and models shaped like what Chinese phones and tablets report.
 */
final class DeviceModels
{
    private static final String[] ANDROID_MODELS = {"Xiaomi 14", "Redmi K70", "OPPO Reno11", "vivo X100", "HONOR 90", "OnePlus 12", "Redmi Note 13"};
    private static final String[] ANDROID_VERSIONS = {"12", "13", "14"};
    private static final String[] HARMONY_MODELS = {"HUAWEI Mate 60 Pro", "HUAWEI P60", "HUAWEI nova 12"};
    private static final String[] HARMONY_VERSIONS = {"HarmonyOS 3.0", "HarmonyOS 4.0", "HarmonyOS 4.2"};
    private static final String[] IOS_MODELS = {"iPhone14,5", "iPhone15,2", "iPhone15,4", "iPhone16,1", "iPhone16,2"};
    private static final String[] IOS_VERSIONS = {"16.7.8", "17.4.1", "17.6", "18.2"};

    private DeviceModels() {}

    /** A personal phone: about half Android, a third iOS, the rest HarmonyOS. */
    static Device phone(SplittableRandom random, long from, long to)
    {
        int kind = random.nextInt(100);
        if (kind < 48) {
            return android(random, pick(random, ANDROID_MODELS), pick(random, ANDROID_VERSIONS), from, to, null);
        }
        if (kind < 82) {
            return ios(random, pick(random, IOS_MODELS), pick(random, IOS_VERSIONS), from, to, null);
        }
        return new Device("harmony", oaid(random), null, null, pick(random, HARMONY_MODELS), pick(random, HARMONY_VERSIONS), from, to, null);
    }

    /** A household tablet. */
    static Device tablet(SplittableRandom random, long from, long to, String familyId)
    {
        if (random.nextBoolean()) {
            return ios(random, "iPad13,18", "17.5", from, to, familyId);
        }
        return android(random, "Xiaomi Pad 6", "13", from, to, familyId);
    }

    static Device android(SplittableRandom random, String model, String osVersion, long from, long to, String familyId)
    {
        return new Device("android", oaid(random), Ids.hex(random, 16), null, model, osVersion, from, to, familyId);
    }

    static Device ios(SplittableRandom random, String model, String osVersion, long from, long to, String familyId)
    {
        return new Device("ios", null, null, Ids.upperUuid(random), model, osVersion, from, to, familyId);
    }

    private static String oaid(SplittableRandom random)
    {
        // vendors differ: Huawei and Honor report a UUID, Xiaomi/OPPO/vivo a 16-hex-digit value
        return random.nextBoolean() ? Ids.uuid(random) : Ids.hex(random, 16);
    }

    static String pick(SplittableRandom random, String[] values)
    {
        return values[random.nextInt(values.length)];
    }
}
