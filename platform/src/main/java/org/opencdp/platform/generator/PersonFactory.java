package org.opencdp.platform.generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * Draws one person's profile and identifiers from that person's own random.
 */
final class PersonFactory
{
    private static final String[] NAMES = {"wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yan", "jie", "tao", "ming", "chao", "xiu", "hui", "ping", "gang", "hua"};
    private static final String[] SURNAMES = {"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu"};
    private static final String[] MAIL_DOMAINS = {"163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "foxmail.com"};
    private static final long MEMBER_CARD_SPACE = 10_000_000_000L;

    private final World world;
    private final long range;

    PersonFactory(World world)
    {
        this.world = requireNonNull(world, "world is null");
        this.range = world.endMillis() - world.startMillis();
    }

    Person create(int index, SplittableRandom random)
    {
        GeneratorSettings settings = world.settings();
        long start = world.startMillis();
        long end = world.endMillis();
        boolean testAccount = world.isTestAccount(index);
        Family family = world.familyOf(index);
        RecycledPhone givesUp = world.recycledAsOldOwner(index);
        RecycledPhone receives = world.recycledAsNewOwner(index);

        boolean minor = !testAccount && settings.enabled(Hazard.MINOR) && random.nextInt(100) < 3;
        int endYear = Timestamps.localDay(end).getYear();
        int birthYear = minor ? endYear - 6 - random.nextInt(7) : endYear - 18 - random.nextInt(50);
        String gender = random.nextInt(100) < 62 ? "F" : "M";
        Store homeStore = world.stores().get(random.nextInt(world.stores().size()));

        long firstSeen = testAccount ? start + (long) (range * 0.02 * random.nextDouble()) : start + (long) (range * 0.85 * random.nextDouble());
        long lastSeen = random.nextInt(100) < 80 ? end : firstSeen + (long) ((end - firstSeen) * (0.2 + 0.8 * random.nextDouble()));
        if (givesUp != null) {
            firstSeen = start + (long) ((givesUp.stopAt() - start) * 0.5 * random.nextDouble());
            lastSeen = end;
        }
        if (receives != null) {
            firstSeen = Math.min(firstSeen, receives.startAt() - Timestamps.MILLIS_PER_DAY);
            lastSeen = end;
        }
        if (Timestamps.localHour(firstSeen) < 7) {
            // people sign up while awake
            firstSeen += 8 * Timestamps.MILLIS_PER_HOUR;
        }
        lastSeen = Math.max(lastSeen, firstSeen + 2 * Timestamps.MILLIS_PER_DAY);
        lastSeen = Math.min(lastSeen, end);
        firstSeen = Math.min(firstSeen, lastSeen - Timestamps.MILLIS_PER_HOUR);

        double activity = Math.min(6, Math.max(0.2, Math.exp(random.nextGaussian() * 0.7)));
        boolean web = random.nextInt(100) < 55;
        boolean app = random.nextInt(100) < 50;
        boolean miniProgram = random.nextInt(100) < 65;
        boolean storeShopper = random.nextInt(100) < 70;
        boolean wechat = miniProgram || random.nextInt(100) < 40;
        boolean officialAccount = wechat && random.nextInt(100) < 40;
        if (testAccount) {
            activity *= 8;
            web = app = miniProgram = wechat = true;
        }
        // the shared tablet and the recycled-number verification both happen in the app
        app |= family != null || givesUp != null || receives != null;
        if (!web && !app && !miniProgram && !storeShopper) {
            storeShopper = true;
        }
        String firstChannel = firstChannel(random, web, app, miniProgram, storeShopper);

        String memberCard = testAccount || random.nextInt(100) < 85 ? memberCard(settings.seed(), index) : null;

        List<Phone> phones = new ArrayList<>(3);
        if (testAccount) {
            phones.add(new Phone(PhoneNumbers.TEST_PHONE, start, Long.MAX_VALUE, Phone.Kind.TEST));
        }
        else {
            boolean noPhone = random.nextInt(100) < (minor ? 40 : 5);
            if (givesUp != null) {
                phones.add(new Phone(givesUp.number(), start, givesUp.stopAt(), Phone.Kind.RECYCLED_BEFORE));
            }
            if (!noPhone) {
                int roll = random.nextInt(100);
                int count = roll < 70 ? 1 : roll < 92 ? 2 : 3;
                for (int slot = 0; slot < count; slot++) {
                    phones.add(new Phone(PhoneNumbers.unique(settings.seed(), 3L * index + slot), start, Long.MAX_VALUE, Phone.Kind.OWN));
                }
            }
            if (receives != null) {
                phones.add(new Phone(receives.number(), receives.startAt(), Long.MAX_VALUE, Phone.Kind.RECYCLED_AFTER));
            }
        }

        String unionid = null;
        String[] openids = new String[Brand.WECHAT_APPIDS.length];
        if (wechat) {
            unionid = Ids.wechat(random, "o");
            if (miniProgram) {
                boolean mall = random.nextInt(100) < 85;
                boolean member = !mall || random.nextInt(100) < 50;
                openids[0] = mall ? Ids.wechat(random, "o") : null;
                openids[1] = member ? Ids.wechat(random, "o") : null;
            }
            if (officialAccount) {
                openids[2] = Ids.wechat(random, "o");
            }
        }

        String alipayId = random.nextInt(100) < 35 ? "2088" + Ids.digits(random, 12) : null;
        String email = random.nextInt(100) < 30 ? email(random, settings.seed(), index) : null;

        List<Device> devices = new ArrayList<>(3);
        if (app) {
            Device device = DeviceModels.phone(random, start, Long.MAX_VALUE);
            if (random.nextInt(100) < 25) {
                // a new phone halfway: the old one stops being used
                long switchAt = firstSeen + (long) ((lastSeen - firstSeen) * (0.2 + 0.6 * random.nextDouble()));
                devices.add(device.during(start, switchAt));
                devices.add(DeviceModels.phone(random, switchAt, Long.MAX_VALUE));
            }
            else {
                devices.add(device);
            }
        }
        if (family != null) {
            devices.add(family.tablet());
        }

        List<Cookie> cookies = new ArrayList<>(4);
        if (web) {
            int count = 1 + random.nextInt(4);
            long[] cuts = new long[count + 1];
            cuts[0] = start;
            cuts[count] = Long.MAX_VALUE;
            for (int i = 1; i < count; i++) {
                cuts[i] = firstSeen + (long) ((lastSeen - firstSeen) * random.nextDouble());
            }
            Arrays.sort(cuts, 1, count);
            for (int i = 0; i < count; i++) {
                if (cuts[i] < cuts[i + 1]) {
                    cookies.add(new Cookie(Ids.uuid(random), cuts[i], cuts[i + 1]));
                }
            }
        }

        List<String> paymentTokens = new ArrayList<>(2);
        if (storeShopper) {
            int count = 1 + (random.nextInt(100) < 30 ? 1 : 0);
            for (int i = 0; i < count; i++) {
                paymentTokens.add("ptk_" + Ids.hex(random, 24));
            }
        }

        long clockSkew = 0;
        if (settings.enabled(Hazard.CLOCK_SKEW) && (app || web) && random.nextInt(100) < 4) {
            // between three minutes and two days, either way
            double minutes = Math.exp(Math.log(3) + random.nextDouble() * (Math.log(2880) - Math.log(3)));
            clockSkew = (long) (minutes * 60_000) * (random.nextBoolean() ? 1 : -1);
        }

        return new Person(
                index,
                personId(index),
                minor,
                testAccount,
                birthYear,
                gender,
                homeStore,
                firstSeen,
                lastSeen,
                activity,
                web,
                app,
                miniProgram,
                officialAccount,
                storeShopper,
                firstChannel,
                memberCard,
                phones,
                unionid,
                Arrays.asList(openids),
                alipayId,
                email,
                devices,
                cookies,
                paymentTokens,
                family,
                clockSkew);
    }

    static String personId(int index)
    {
        return "P%07d".formatted(index + 1);
    }

    private static String firstChannel(SplittableRandom random, boolean web, boolean app, boolean miniProgram, boolean store)
    {
        List<String> channels = new ArrayList<>(4);
        if (web) {
            channels.add("web");
        }
        if (app) {
            channels.add("app");
        }
        if (miniProgram) {
            channels.add("mini_program");
        }
        if (store) {
            channels.add("store");
        }
        return channels.get(random.nextInt(channels.size()));
    }

    /** 12-digit card number starting with 86, unique per person index (a bijection of the index). */
    private static String memberCard(long seed, int index)
    {
        // 7919 is coprime with 10^10, so distinct indexes give distinct numbers
        long number = Math.floorMod(index * 7919L + seed, MEMBER_CARD_SPACE);
        String digits = Long.toString(number);
        return "86" + "0000000000".substring(digits.length()) + digits;
    }

    private static String email(SplittableRandom random, long seed, int index)
    {
        // qq.com addresses are the QQ number; others a pinyin name. Both carry the index, so they are unique.
        if (random.nextInt(100) < 45) {
            return (100_000_000L + index * 7L + Math.floorMod(seed, 7)) + "@qq.com";
        }
        String name = DeviceModels.pick(random, NAMES) + "." + DeviceModels.pick(random, SURNAMES);
        return name + (index + 1) + "@" + DeviceModels.pick(random, MAIL_DOMAINS);
    }
}
