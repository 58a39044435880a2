package org.opencdp.platform.generator;

import java.util.List;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * Puts a person's identifiers into an event the way a client would write them, and marks the hazards
 * an identifier brings along (a recycled number, the test phone, the placeholder phone).
 */
final class IdentifierPicker
{
    private final Person person;
    private final SplittableRandom random;

    IdentifierPicker(Person person, SplittableRandom random)
    {
        this.person = requireNonNull(person, "person is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** A phone the person uses at the time (usually the primary), or null when they have none then. */
    Phone phoneAt(long time)
    {
        List<Phone> phones = person.phonesAt(time);
        if (phones.isEmpty()) {
            return null;
        }
        return phones.size() == 1 || random.nextInt(100) < 75 ? phones.get(0) : phones.get(1 + random.nextInt(phones.size() - 1));
    }

    void phone(EventDraft draft, Phone phone, boolean verified)
    {
        draft.identifiers.phone = PhoneNumbers.format(phone.number(), random);
        draft.identifiers.phoneVerified = verified;
        switch (phone.kind()) {
            case RECYCLED_BEFORE -> draft.hazards.add(new HazardMark(Hazard.RECYCLED_PHONE, "previous_owner"));
            case RECYCLED_AFTER -> draft.hazards.add(new HazardMark(Hazard.RECYCLED_PHONE, "new_owner"));
            case TEST -> draft.hazards.add(new HazardMark(Hazard.TEST_ACCOUNT, "test_phone"));
            case OWN -> {}
        }
    }

    /** Cashier typed the placeholder number instead of the shopper's. */
    void placeholderPhone(EventDraft draft)
    {
        draft.identifiers.phone = PhoneNumbers.format(PhoneNumbers.PLACEHOLDER, random);
        draft.identifiers.phoneVerified = false;
        draft.hazards.add(new HazardMark(Hazard.PLACEHOLDER_PHONE, "typed_by_cashier"));
    }

    /** The person's e-mail, sometimes capitalised as typed on a phone keyboard. */
    void email(EventDraft draft)
    {
        String email = person.email();
        draft.identifiers.email = random.nextInt(100) < 20 ? Character.toUpperCase(email.charAt(0)) + email.substring(1) : email;
    }

    void wechat(EventDraft draft, String appid, boolean withUnionid)
    {
        draft.identifiers.openid = person.openid(appid);
        draft.identifiers.appid = appid;
        if (withUnionid) {
            draft.identifiers.unionid = person.unionid();
        }
    }

    /** Device ids of a device, marking a device shared with the family. */
    void device(EventDraft draft, Device device)
    {
        draft.identifiers.device(device);
        if (device.familyId() != null) {
            draft.hazards.add(new HazardMark(Hazard.FAMILY_SHARED_DEVICE, "family=" + device.familyId()));
        }
    }
}
