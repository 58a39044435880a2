package org.opencdp.identity.links;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.opencdp.schemas.avro.Identifier;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.IdentityLink;
import org.opencdp.schemas.avro.Source;

/**
 * The edges of the identity graph an event proves: every event that carries two or more identifiers yields one
 * {@link IdentityLink} per pair of its identifiers. The one implementation for every engine: the streaming job
 * that fills {@code identity.links} and any batch reader of events call it.
 *
 * <p><b>Every pair, not a star.</b> Clustering gives the same components either way, but identity resolution also
 * quarantines hub identifiers (a shared store card, a placeholder phone) and explains merges edge by edge. With
 * a star from the highest-priority identifier, quarantining that identifier would also drop the evidence that the
 * event's other identifiers belong together; with every pair it survives. An event carries at most eleven
 * identifier types, so at most 55 edges, and usually two to four identifiers (one to six edges).
 *
 * <p>In each edge, {@code left} is the identifier of higher priority (see {@link EventIdentifiers}); openids are
 * typed {@code WECHAT_OPENID} with their token as it is (it covers {@code openid@appid}).
 *
 * <p>The rule says why the identifiers belong together: {@code pos_member_card} for a POS transaction with a
 * member card, {@code login}, {@code signup}, {@code bind_phone} and {@code authorize_phone} for those event
 * types, and {@code same_event} for any other event. The {@code link_id} is the SHA-256 (first 128 bits, hex) of
 * both identifiers, the rule and the source event id, so the same event always yields the same ids.
 */
public final class LinkExtractor {
    public static final String SAME_EVENT = "same_event";
    public static final String POS_MEMBER_CARD = "pos_member_card";
    /** Event types that exist to prove two identifiers belong to one person; the rule is named after them. */
    public static final Set<String> IDENTITY_EVENT_TYPES = Set.of("login", "signup", "bind_phone", "authorize_phone");

    private LinkExtractor() {}

    /** The edges of a (tokenized) record of any event contract. */
    public static List<IdentityLink> links(SpecificRecord record) {
        return links(LinkEvent.of(record));
    }

    public static List<IdentityLink> links(LinkEvent event) {
        requireNonNull(event, "event is null");
        List<TypedIdentifier> identifiers = event.identifiers();
        if (identifiers.size() < 2) {
            return List.of();
        }
        String rule = rule(event);
        Source source = source(event.source());
        List<IdentityLink> links = new ArrayList<>(identifiers.size() * (identifiers.size() - 1) / 2);
        for (int i = 0; i < identifiers.size(); i++) {
            for (int j = i + 1; j < identifiers.size(); j++) {
                TypedIdentifier left = identifiers.get(i);
                TypedIdentifier right = identifiers.get(j);
                links.add(IdentityLink.newBuilder()
                        .setLinkId(linkId(left, right, rule, event.eventId()))
                        .setLeft(identifier(left))
                        .setRight(identifier(right))
                        .setRule(rule)
                        .setSource(source)
                        .setSourceEventId(event.eventId())
                        .setObservedAt(event.eventTime())
                        .build());
            }
        }
        return links;
    }

    /** The rule of every edge of an event. */
    public static String rule(LinkEvent event) {
        requireNonNull(event, "event is null");
        if (event.source().equals(Source.POS.name())
                && event.identifiers().stream().anyMatch(identifier -> identifier.type().equals(IdentifierType.MEMBER_CARD.name()))) {
            return POS_MEMBER_CARD;
        }
        String type = event.eventType().toLowerCase(Locale.ROOT);
        return IDENTITY_EVENT_TYPES.contains(type) ? type : SAME_EVENT;
    }

    /** Deterministic id of an edge: hex of the first 128 bits of SHA-256 over both identifiers, the rule and the event. */
    public static String linkId(TypedIdentifier left, TypedIdentifier right, String rule, String sourceEventId) {
        String key = String.join("\u0000", left.type(), left.token(), right.type(), right.token(), rule, sourceEventId);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }

    private static Identifier identifier(TypedIdentifier identifier) {
        IdentifierType type;
        try {
            type = IdentifierType.valueOf(identifier.type());
        }
        catch (IllegalArgumentException e) {
            type = IdentifierType.UNKNOWN;
        }
        return new Identifier(type, identifier.token(), identifier.verified());
    }

    private static Source source(String name) {
        try {
            return Source.valueOf(name);
        }
        catch (IllegalArgumentException e) {
            return Source.UNKNOWN;
        }
    }
}
