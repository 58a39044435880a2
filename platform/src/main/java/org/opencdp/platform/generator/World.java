package org.opencdp.platform.generator;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * Everything that is not one person's own: stores, catalog, policy versions, and which persons play a
 * part in a cross-person hazard (families, recycled numbers, test accounts). Planned once from the seed
 * before any person is generated, so persons can then be generated independently and in parallel.
 */
final class World
{
    private static final String[][] CITIES = {
            // city, province, latitude, longitude (micro-degrees)
            {"上海", "上海", "31230416", "121473701"},
            {"北京", "北京", "39904200", "116407396"},
            {"广州", "广东", "23129110", "113264385"},
            {"深圳", "广东", "22543099", "114057868"},
            {"杭州", "浙江", "30274084", "120155070"},
            {"南京", "江苏", "32060255", "118796877"},
            {"苏州", "江苏", "31298979", "120585315"},
            {"成都", "四川", "30572815", "104066801"},
            {"武汉", "湖北", "30592849", "114305539"},
            {"西安", "陕西", "34341574", "108939770"},
            {"重庆", "重庆", "29563010", "106551556"},
            {"天津", "天津", "39343357", "117361649"},
    };
    private static final String[][] CATALOG = {
            // category, weighed (1/0), minimum price in fen, maximum price in fen, names
            {"乳制品", "0", "350", "8990", "纯牛奶 250ml*12", "希腊酸奶 200g", "奶酪棒 500g", "低脂牛奶 1L", "黄油 227g"},
            {"零食", "0", "390", "5990", "坚果礼盒 750g", "海苔脆片 40g", "牛肉干 100g", "芒果干 80g", "薯片 70g"},
            {"饮料", "0", "250", "6900", "无糖乌龙茶 500ml", "气泡水 480ml*15", "挂耳咖啡 10包", "椰子水 1L", "精酿啤酒 330ml"},
            {"生鲜", "1", "990", "16800", "赣南脐橙", "进口车厘子", "猪里脊", "三文鱼刺身", "有机西兰花"},
            {"个护", "0", "990", "12900", "氨基酸洗面奶 120g", "电动牙刷头 4支", "洗发水 750ml", "身体乳 400ml", "牙膏 180g"},
            {"美妆", "0", "5900", "89900", "精华液 30ml", "防晒霜 50ml", "口红 3.5g", "面膜 10片", "粉底液 30ml"},
            {"母婴", "0", "2990", "35900", "婴儿纸尿裤 L码", "婴幼儿奶粉 800g", "儿童牙刷", "湿巾 80抽*6", "辅食米粉"},
            {"家居", "0", "1290", "59900", "四件套 1.8m", "保温杯 500ml", "香薰蜡烛", "收纳箱", "不粘锅 28cm"},
    };

    private final GeneratorSettings settings;
    private final long startMillis;
    private final long endMillis;
    private final long policySwitchMillis;
    private final String oldPolicyVersion;
    private final String newPolicyVersion;
    private final List<Store> stores;
    private final List<Product> products;
    private final Family[] familyOf;
    private final List<Family> families;
    private final boolean[] testAccount;
    private final RecycledPhone[] recycledAsOldOwner;
    private final RecycledPhone[] recycledAsNewOwner;
    private final List<RecycledPhone> recycledPhones;

    private World(GeneratorSettings settings)
    {
        this.settings = requireNonNull(settings, "settings is null");
        this.startMillis = settings.start().toEpochMilli();
        this.endMillis = settings.end().toEpochMilli();
        SplittableRandom random = new SplittableRandom(Ids.mix(settings.seed(), -1));

        // The policy text changes on 2026-03-01 when that date is inside the period; otherwise halfway.
        long march2026 = LocalDate.of(2026, 3, 1).atStartOfDay(ZoneOffset.ofHours(8)).toInstant().toEpochMilli();
        this.policySwitchMillis = march2026 > startMillis && march2026 < endMillis ? march2026 : startMillis + (endMillis - startMillis) / 2;
        LocalDate switchDay = Timestamps.localDay(policySwitchMillis);
        this.newPolicyVersion = "%04d-%02d".formatted(switchDay.getYear(), switchDay.getMonthValue());
        LocalDate oldDay = switchDay.minusMonths(14);
        this.oldPolicyVersion = "%04d-%02d".formatted(oldDay.getYear(), oldDay.getMonthValue());

        this.stores = planStores(random);
        this.products = planProducts(random);

        int members = settings.members();
        this.testAccount = new boolean[members];
        this.familyOf = new Family[members];
        this.recycledAsOldOwner = new RecycledPhone[members];
        this.recycledAsNewOwner = new RecycledPhone[members];
        boolean[] taken = new boolean[members];

        if (settings.enabled(Hazard.TEST_ACCOUNT) && members >= 10) {
            int count = Math.min(members / 5, Math.max(3, members / 1000));
            for (int placed = 0; placed < count; ) {
                int index = random.nextInt(members);
                if (!taken[index]) {
                    taken[index] = true;
                    testAccount[index] = true;
                    placed++;
                }
            }
        }

        List<RecycledPhone> recycled = new ArrayList<>();
        if (settings.enabled(Hazard.RECYCLED_PHONE) && members >= 10) {
            int count = Math.max(1, members / 400);
            long range = endMillis - startMillis;
            for (int pair = 0; pair < count; pair++) {
                int oldOwner = untaken(random, taken);
                int newOwner = untaken(random, taken);
                if (oldOwner < 0 || newOwner < 0) {
                    break;
                }
                long stopAt = startMillis + (long) (range * (0.25 + 0.15 * random.nextDouble()));
                long startAt = stopAt + (long) (range * (0.15 + 0.15 * random.nextDouble()));
                // slots above 3 * members are never given to a person's own phones
                RecycledPhone phone = new RecycledPhone(PhoneNumbers.unique(settings.seed(), 3L * members + pair), oldOwner, newOwner, stopAt, startAt);
                recycled.add(phone);
                recycledAsOldOwner[oldOwner] = phone;
                recycledAsNewOwner[newOwner] = phone;
            }
        }
        this.recycledPhones = List.copyOf(recycled);

        List<Family> planned = new ArrayList<>();
        if (settings.enabled(Hazard.FAMILY_SHARED_DEVICE)) {
            int index = 0;
            while (index < members - 1) {
                if (random.nextInt(100) < 4) {
                    int size = Math.min(members - index, 2 + random.nextInt(2));
                    boolean free = true;
                    for (int i = index; i < index + size; i++) {
                        free &= !taken[i];
                    }
                    if (free) {
                        String familyId = "F%07d".formatted(planned.size() + 1);
                        Family family = new Family(familyId, index, size, DeviceModels.tablet(random, startMillis, endMillis, familyId));
                        planned.add(family);
                        for (int i = index; i < index + size; i++) {
                            familyOf[i] = family;
                            taken[i] = true;
                        }
                        index += size;
                        continue;
                    }
                }
                index++;
            }
        }
        this.families = List.copyOf(planned);
    }

    static World plan(GeneratorSettings settings)
    {
        return new World(settings);
    }

    private static int untaken(SplittableRandom random, boolean[] taken)
    {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int index = random.nextInt(taken.length);
            if (!taken[index]) {
                taken[index] = true;
                return index;
            }
        }
        return -1;
    }

    private List<Store> planStores(SplittableRandom random)
    {
        boolean sharedDevices = settings.enabled(Hazard.SHARED_STORE_DEVICE);
        int count = Math.max(4, Math.min(400, settings.members() / 1500));
        List<Store> planned = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String[] city = CITIES[i < CITIES.length ? i : random.nextInt(CITIES.length)];
            String storeId = "S%04d".formatted(i + 1);
            int terminals = 2 + random.nextInt(5);
            boolean smartPos = random.nextBoolean();
            List<String> terminalIds = new ArrayList<>(terminals);
            List<String> androidIds = new ArrayList<>(terminals);
            for (int t = 1; t <= terminals; t++) {
                terminalIds.add("%s-T%02d".formatted(storeId, t));
                androidIds.add(sharedDevices && smartPos ? Ids.hex(random, 16) : null);
            }
            String ipad = sharedDevices ? Ids.upperUuid(random) : null;
            long latitude = Long.parseLong(city[2]) + random.nextInt(-60_000, 60_000);
            long longitude = Long.parseLong(city[3]) + random.nextInt(-60_000, 60_000);
            planned.add(new Store(storeId, city[0], city[1], latitude, longitude, terminalIds, androidIds, ipad, 3 + random.nextInt(10)));
        }
        return List.copyOf(planned);
    }

    private static List<Product> planProducts(SplittableRandom random)
    {
        List<Product> planned = new ArrayList<>();
        int sku = 100_001;
        for (String[] category : CATALOG) {
            boolean weighed = category[1].equals("1");
            long min = Long.parseLong(category[2]);
            long max = Long.parseLong(category[3]);
            for (String name : Arrays.copyOfRange(category, 4, category.length)) {
                for (String variant : new String[] {"", " 经典款", " 家庭装", " 限定款"}) {
                    // prices end in 0 or 9 fen, as shelf prices do
                    long price = (min + random.nextLong(max - min)) / 10 * 10 + (random.nextBoolean() ? 0 : 9);
                    planned.add(new Product("SKU" + sku++, name + variant, category[0], price, weighed));
                }
            }
        }
        return List.copyOf(planned);
    }

    GeneratorSettings settings()
    {
        return settings;
    }

    long startMillis()
    {
        return startMillis;
    }

    long endMillis()
    {
        return endMillis;
    }

    long policySwitchMillis()
    {
        return policySwitchMillis;
    }

    String oldPolicyVersion()
    {
        return oldPolicyVersion;
    }

    String newPolicyVersion()
    {
        return newPolicyVersion;
    }

    List<Store> stores()
    {
        return stores;
    }

    List<Product> products()
    {
        return products;
    }

    Family familyOf(int person)
    {
        return familyOf[person];
    }

    List<Family> families()
    {
        return families;
    }

    boolean isTestAccount(int person)
    {
        return testAccount[person];
    }

    RecycledPhone recycledAsOldOwner(int person)
    {
        return recycledAsOldOwner[person];
    }

    RecycledPhone recycledAsNewOwner(int person)
    {
        return recycledAsNewOwner[person];
    }

    List<RecycledPhone> recycledPhones()
    {
        return recycledPhones;
    }
}
