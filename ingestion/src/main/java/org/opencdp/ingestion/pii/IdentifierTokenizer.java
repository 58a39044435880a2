package org.opencdp.ingestion.pii;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.Identifiers;

/**
 * Replaces every clear identifier value of an event by its token, after normalising it the same way for every
 * channel, so that stored data never holds a clear phone number or e-mail address. The WeChat appid is not
 * personal data and stays clear, because it scopes the openid: an openid is tokenized as {@code openid@appid}.
 */
public final class IdentifierTokenizer {
    private final Tokenizer tokenizer;
    private final BlockedIdentifierValues blocked;

    public IdentifierTokenizer(Tokenizer tokenizer) {
        this(tokenizer, BlockedIdentifierValues.NONE);
    }

    /** A tokenizer that leaves out every value {@code blocked} names: it becomes no token at all. */
    public IdentifierTokenizer(Tokenizer tokenizer, BlockedIdentifierValues blocked) {
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
        this.blocked = requireNonNull(blocked, "blocked is null");
    }

    public String keyId() {
        return tokenizer.keyId();
    }

    /** A new {@link Identifiers} with every value tokenized and {@code tokenization_key_id} set. */
    public Identifiers tokenize(Identifiers clear) {
        requireNonNull(clear, "clear is null");
        String appid = trimToNull(clear.getWechatAppid());
        return Identifiers.newBuilder()
                .setMemberCard(token(IdentifierType.MEMBER_CARD, clear.getMemberCard()))
                .setPhone(token(IdentifierType.PHONE, clear.getPhone()))
                .setPhoneVerified(clear.getPhoneVerified())
                .setWechatUnionid(token(IdentifierType.WECHAT_UNIONID, clear.getWechatUnionid()))
                .setWechatOpenid(openidToken(clear.getWechatOpenid(), appid))
                .setWechatAppid(appid)
                .setAlipayId(token(IdentifierType.ALIPAY_ID, clear.getAlipayId()))
                .setEmail(token(IdentifierType.EMAIL, clear.getEmail()))
                .setOaid(token(IdentifierType.OAID, clear.getOaid()))
                .setIdfa(token(IdentifierType.IDFA, clear.getIdfa()))
                .setAndroidId(token(IdentifierType.ANDROID_ID, clear.getAndroidId()))
                .setWebAnonymousId(token(IdentifierType.WEB_ANONYMOUS_ID, clear.getWebAnonymousId()))
                .setPaymentToken(token(IdentifierType.PAYMENT_TOKEN, clear.getPaymentToken()))
                .setTokenizationKeyId(tokenizer.keyId())
                .build();
    }

    /**
     * Token of one clear value, normalised as for events; null for a null or blank value. Use it to look a person
     * up by a value they give (a rights request by phone number). For {@link IdentifierType#WECHAT_OPENID} pass
     * {@code openid@appid}, or use {@link #openidToken}. Null as well for a blocked value.
     */
    public String token(IdentifierType type, String clearValue) {
        requireNonNull(type, "type is null");
        String value = trimToNull(clearValue);
        if (value == null) {
            return null;
        }
        String normalized = normalize(type, value);
        if (blocked.isBlocked(type, normalized)) {
            return null;
        }
        return tokenizer.token(type, normalized);
    }

    /** Token of an openid scoped to the app that issued it; null when there is no openid or it is blocked. */
    public String openidToken(String openid, String appid) {
        String value = trimToNull(openid);
        // an SDK default such as "undefined" is blocked whatever app it claims to come from
        if (value == null || blocked.isBlocked(IdentifierType.WECHAT_OPENID, value)) {
            return null;
        }
        String scope = trimToNull(appid);
        return tokenizer.token(IdentifierType.WECHAT_OPENID, value + "@" + (scope == null ? "" : scope));
    }

    /** The normalised form of a clear value, as it is tokenized; null for a null or blank value. */
    public static String normalized(IdentifierType type, String clearValue) {
        requireNonNull(type, "type is null");
        String value = trimToNull(clearValue);
        return value == null ? null : normalize(type, value);
    }

    static String normalize(IdentifierType type, String trimmed) {
        return switch (type) {
            case PHONE -> PhoneNormalizer.normalize(trimmed).value();
            case EMAIL -> trimmed.toLowerCase(Locale.ROOT);
            // device advertising ids are UUIDs that platforms print in either case
            case IDFA, OAID -> trimmed.toLowerCase(Locale.ROOT);
            default -> trimmed;
        };
    }

    private static String trimToNull(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
