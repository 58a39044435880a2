package org.opencdp.identity.links;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/**
 * One identifier of a person as the lakehouse stores it: {@code struct<type, token, verified>}.
 *
 * @param type an {@code IdentifierType} name, e.g. {@code MEMBER_CARD}, {@code WECHAT_OPENID}
 * @param token the keyed HMAC token (an openid's token covers {@code openid@appid})
 * @param verified true when the value was proven (see {@link EventIdentifiers})
 */
public record TypedIdentifier(String type, String token, boolean verified)
        implements Serializable
{
    public TypedIdentifier
    {
        requireNonNull(type, "type is null");
        requireNonNull(token, "token is null");
        if (token.isBlank()) {
            throw new IllegalArgumentException("Identifier token of type " + type + " is blank");
        }
    }
}
