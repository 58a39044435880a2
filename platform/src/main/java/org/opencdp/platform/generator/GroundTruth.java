package org.opencdp.platform.generator;

import org.opencdp.schemas.avro.IdentifierType;

import java.util.ArrayList;
import java.util.List;

/**
 * The identifier rows of {@code ground_truth.csv}: who really owns each identifier value, normalised the
 * way ingestion normalises it (11-digit phones, lower-case e-mail, openid as {@code openid@appid}).
 */
final class GroundTruth
{
    /** Person id given to hub identifiers that belong to no one: store iPads, smart POS terminals, the placeholder phone. */
    static final String SHARED = "shared";

    record Row(IdentifierType type, String value, String personId)
    {
        String csv()
        {
            return type.name() + "," + value + "," + personId;
        }
    }

    private GroundTruth() {}

    static List<Row> of(Person person)
    {
        List<Row> rows = new ArrayList<>(16);
        String id = person.personId();
        if (person.memberCard() != null) {
            rows.add(new Row(IdentifierType.MEMBER_CARD, person.memberCard(), id));
        }
        for (Phone phone : person.phones()) {
            rows.add(new Row(IdentifierType.PHONE, phone.number(), id));
        }
        if (person.unionid() != null) {
            rows.add(new Row(IdentifierType.WECHAT_UNIONID, person.unionid(), id));
        }
        for (int i = 0; i < Brand.WECHAT_APPIDS.length; i++) {
            String openid = person.openids().get(i);
            if (openid != null) {
                rows.add(new Row(IdentifierType.WECHAT_OPENID, openid + "@" + Brand.WECHAT_APPIDS[i], id));
            }
        }
        if (person.alipayId() != null) {
            rows.add(new Row(IdentifierType.ALIPAY_ID, person.alipayId(), id));
        }
        if (person.email() != null) {
            rows.add(new Row(IdentifierType.EMAIL, person.email(), id));
        }
        for (Device device : person.devices()) {
            if (device.oaid() != null) {
                rows.add(new Row(IdentifierType.OAID, device.oaid(), id));
            }
            if (device.androidId() != null) {
                rows.add(new Row(IdentifierType.ANDROID_ID, device.androidId(), id));
            }
            if (device.idfa() != null) {
                rows.add(new Row(IdentifierType.IDFA, device.idfa(), id));
            }
        }
        for (Cookie cookie : person.cookies()) {
            rows.add(new Row(IdentifierType.WEB_ANONYMOUS_ID, cookie.id(), id));
        }
        for (String token : person.paymentTokens()) {
            rows.add(new Row(IdentifierType.PAYMENT_TOKEN, token, id));
        }
        return rows;
    }

    static List<Row> shared(World world)
    {
        List<Row> rows = new ArrayList<>();
        if (world.settings().enabled(Hazard.PLACEHOLDER_PHONE)) {
            rows.add(new Row(IdentifierType.PHONE, PhoneNumbers.PLACEHOLDER, SHARED));
        }
        for (Store store : world.stores()) {
            if (store.ipadIdfa() != null) {
                rows.add(new Row(IdentifierType.IDFA, store.ipadIdfa(), SHARED));
            }
            for (String androidId : store.terminalAndroidIds()) {
                if (androidId != null) {
                    rows.add(new Row(IdentifierType.ANDROID_ID, androidId, SHARED));
                }
            }
        }
        return rows;
    }
}
