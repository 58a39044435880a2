package org.opencdp.platform.generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One real person and every identifier they use: the ground truth identity resolution should recover.
 *
 * @param openids openid per {@link Brand#WECHAT_APPIDS} entry, null where the person does not use that app
 * @param clockSkewMillis how far the clock of the person's own devices is off, 0 for a correct clock
 * @param firstChannel where the person first appeared: web, app, mini_program or store
 */
record Person(
        int index,
        String personId,
        boolean minor,
        boolean testAccount,
        int birthYear,
        String gender,
        Store homeStore,
        long firstSeen,
        long lastSeen,
        double activity,
        boolean web,
        boolean app,
        boolean miniProgram,
        boolean officialAccount,
        boolean storeShopper,
        String firstChannel,
        String memberCard,
        List<Phone> phones,
        String unionid,
        List<String> openids,
        String alipayId,
        String email,
        List<Device> devices,
        List<Cookie> cookies,
        List<String> paymentTokens,
        Family family,
        long clockSkewMillis)
{
    Person
    {
        requireNonNull(personId, "personId is null");
        requireNonNull(gender, "gender is null");
        requireNonNull(homeStore, "homeStore is null");
        requireNonNull(firstChannel, "firstChannel is null");
        phones = List.copyOf(phones);
        openids = Collections.unmodifiableList(new ArrayList<>(openids));
        devices = List.copyOf(devices);
        cookies = List.copyOf(cookies);
        paymentTokens = List.copyOf(paymentTokens);
        if (firstSeen >= lastSeen) {
            throw new IllegalArgumentException("person %s first seen at %s, last seen at %s".formatted(personId, firstSeen, lastSeen));
        }
    }

    String openid(String appid)
    {
        for (int i = 0; i < Brand.WECHAT_APPIDS.length; i++) {
            if (Brand.WECHAT_APPIDS[i].equals(appid)) {
                return openids.get(i);
            }
        }
        throw new IllegalArgumentException("unknown WeChat appid " + appid);
    }

    boolean hasWechat()
    {
        return unionid != null;
    }

    /** Phones usable at the time, the primary first. */
    List<Phone> phonesAt(long time)
    {
        List<Phone> usable = new ArrayList<>(phones.size());
        for (Phone phone : phones) {
            if (phone.usableAt(time)) {
                usable.add(phone);
            }
        }
        return usable;
    }

    /** Personal (not family) devices usable at the time. */
    Device personalDeviceAt(long time)
    {
        Device fallback = null;
        for (Device device : devices) {
            if (device.familyId() == null) {
                if (device.usableAt(time)) {
                    return device;
                }
                fallback = fallback == null ? device : fallback;
            }
        }
        return fallback;
    }

    Cookie cookieAt(long time)
    {
        for (Cookie cookie : cookies) {
            if (cookie.usableAt(time)) {
                return cookie;
            }
        }
        return cookies.isEmpty() ? null : cookies.get(cookies.size() - 1);
    }
}
