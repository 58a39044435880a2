package org.opencdp.identity.links;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.Identifiers;

import static java.util.Objects.requireNonNull;

/**
 * The identifiers an event carries, as typed tokens in priority order: member card, phone, WeChat unionid,
 * Alipay id, e-mail, WeChat openid, OAID, IDFA, Android id, web anonymous id, payment token. It is the order
 * of the ingestion edge's partition keys (strongest and most stable first), so the subject of an event is the
 * same identifier that chose its Kafka partition.
 *
 * <p>{@code verified} is true for a phone verified by SMS or WeChat ({@code phone_verified}) and for
 * identifiers issued by the brand or by a platform rather than typed by the person: member card, WeChat
 * unionid and openid, Alipay id. Everything else (e-mail without a verification flag, devices, anonymous ids,
 * payment tokens) is unverified. The WeChat appid is not an identifier: it is already part of the openid's token.
 */
public final class EventIdentifiers
{
    private record Slot(IdentifierType type, Function<Identifiers, String> token, Function<Identifiers, Boolean> verified) {}

    private static final List<Slot> PRIORITY = List.of(
            new Slot(IdentifierType.MEMBER_CARD, Identifiers::getMemberCard, ids -> true),
            new Slot(IdentifierType.PHONE, Identifiers::getPhone, Identifiers::getPhoneVerified),
            new Slot(IdentifierType.WECHAT_UNIONID, Identifiers::getWechatUnionid, ids -> true),
            new Slot(IdentifierType.ALIPAY_ID, Identifiers::getAlipayId, ids -> true),
            new Slot(IdentifierType.EMAIL, Identifiers::getEmail, ids -> false),
            new Slot(IdentifierType.WECHAT_OPENID, Identifiers::getWechatOpenid, ids -> true),
            new Slot(IdentifierType.OAID, Identifiers::getOaid, ids -> false),
            new Slot(IdentifierType.IDFA, Identifiers::getIdfa, ids -> false),
            new Slot(IdentifierType.ANDROID_ID, Identifiers::getAndroidId, ids -> false),
            new Slot(IdentifierType.WEB_ANONYMOUS_ID, Identifiers::getWebAnonymousId, ids -> false),
            new Slot(IdentifierType.PAYMENT_TOKEN, Identifiers::getPaymentToken, ids -> false));

    private EventIdentifiers() {}

    /** The present (non-blank) identifiers, highest priority first; empty when the event carries none. */
    public static List<TypedIdentifier> of(Identifiers identifiers)
    {
        requireNonNull(identifiers, "identifiers is null");
        List<TypedIdentifier> present = new ArrayList<>(4);
        for (Slot slot : PRIORITY) {
            String token = slot.token().apply(identifiers);
            if (token != null && !token.isBlank()) {
                present.add(new TypedIdentifier(slot.type().name(), token, Boolean.TRUE.equals(slot.verified().apply(identifiers))));
            }
        }
        return List.copyOf(present);
    }

    /** The highest-priority identifier, the one that names the subject of a consent decision. */
    public static Optional<TypedIdentifier> subject(Identifiers identifiers)
    {
        List<TypedIdentifier> present = of(identifiers);
        return present.isEmpty() ? Optional.empty() : Optional.of(present.get(0));
    }

    /** Rank of a type in the priority order, 0 first; unknown types rank last. */
    public static int rank(String type)
    {
        requireNonNull(type, "type is null");
        for (int i = 0; i < PRIORITY.size(); i++) {
            if (PRIORITY.get(i).type().name().equals(type)) {
                return i;
            }
        }
        return PRIORITY.size();
    }
}
