package org.opencdp.identity.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.opencdp.identity.edge.Identifier;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.schemas.avro.IdentifierType;

/** Short-hand for writing identity edges in tests; tokens are readable stand-ins for HMAC tokens. */
public final class Edges {
    public static final Instant EPOCH = Instant.parse("2023-01-01T00:00:00Z");
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Edges() {}

    public static Instant day(double day) {
        return EPOCH.plus((long) (day * 24 * 3600 * 1000), ChronoUnit.MILLIS);
    }

    public static IdentityEdge edge(Identifier left, Identifier right, double day) {
        return edge("e" + SEQUENCE.incrementAndGet(), left, right, day);
    }

    public static IdentityEdge edge(String linkId, Identifier left, Identifier right, double day) {
        return edge(linkId, left, right, "same_event", day);
    }

    public static IdentityEdge edge(String linkId, Identifier left, Identifier right, String rule, double day) {
        return new IdentityEdge(linkId, left, right, rule, "APP", "ev-" + linkId, day(day));
    }

    public static Identifier card(String token) {
        return Identifier.of(IdentifierType.MEMBER_CARD, token);
    }

    public static Identifier phone(String token) {
        return Identifier.of(IdentifierType.PHONE, token);
    }

    public static Identifier verifiedPhone(String token) {
        return Identifier.verified(IdentifierType.PHONE, token);
    }

    public static Identifier unionid(String token) {
        return Identifier.of(IdentifierType.WECHAT_UNIONID, token);
    }

    public static Identifier openid(String token) {
        return Identifier.of(IdentifierType.WECHAT_OPENID, token);
    }

    public static Identifier email(String token) {
        return Identifier.of(IdentifierType.EMAIL, token);
    }

    public static Identifier oaid(String token) {
        return Identifier.of(IdentifierType.OAID, token);
    }

    public static Identifier androidId(String token) {
        return Identifier.of(IdentifierType.ANDROID_ID, token);
    }

    public static Identifier idfa(String token) {
        return Identifier.of(IdentifierType.IDFA, token);
    }

    public static Identifier cookie(String token) {
        return Identifier.of(IdentifierType.WEB_ANONYMOUS_ID, token);
    }

    public static Identifier paymentToken(String token) {
        return Identifier.of(IdentifierType.PAYMENT_TOKEN, token);
    }

    public static IdentifierKey key(Identifier identifier) {
        return identifier.key();
    }
}
