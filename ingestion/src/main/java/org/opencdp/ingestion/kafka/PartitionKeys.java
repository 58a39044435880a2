package org.opencdp.ingestion.kafka;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.avro.Identifiers;
import org.opencdp.schemas.contract.Envelope;

/**
 * Record keys, chosen so that the events of one person land on one partition and stay in order. The key of an
 * event is its first present identifier token, strongest and most stable first, in this order: member card,
 * phone, WeChat unionid, Alipay id, e-mail, WeChat openid (scoped to its app), OAID, IDFA, Android id, web
 * anonymous id, payment token; an event without any identifier is keyed by its event id. Keys are tokens, never
 * clear values. Ordering holds per key: an event that carries only a device id is not ordered against one that
 * carries the member card.
 */
public final class PartitionKeys {
    private static final List<Function<Identifiers, String>> KEY_ORDER = List.of(
            Identifiers::getMemberCard,
            Identifiers::getPhone,
            Identifiers::getWechatUnionid,
            Identifiers::getAlipayId,
            Identifiers::getEmail,
            Identifiers::getWechatOpenid,
            Identifiers::getOaid,
            Identifiers::getIdfa,
            Identifiers::getAndroidId,
            Identifiers::getWebAnonymousId,
            Identifiers::getPaymentToken);

    private PartitionKeys() {}

    /** The key of an (already tokenized) event record of an event contract. */
    public static String eventKey(SpecificRecord event) {
        requireNonNull(event, "event is null");
        Schema schema = event.getSchema();
        Schema.Field identifiersField = schema.getField(Envelope.IDENTIFIERS);
        Schema.Field eventIdField = schema.getField(Envelope.EVENT_ID);
        if (identifiersField == null || eventIdField == null) {
            throw new IllegalArgumentException("%s is not an event record: it has no %s or %s field"
                    .formatted(schema.getFullName(), Envelope.IDENTIFIERS, Envelope.EVENT_ID));
        }
        if (event.get(identifiersField.pos()) instanceof Identifiers identifiers) {
            for (Function<Identifiers, String> identifier : KEY_ORDER) {
                String token = identifier.apply(identifiers);
                if (token != null && !token.isBlank()) {
                    return token;
                }
            }
        }
        return (String) event.get(eventIdField.pos());
    }

    /** Dead letters are keyed by their source, so the rejections of one source stay in order. */
    public static String deadLetterKey(DeadLetter deadLetter) {
        return requireNonNull(deadLetter, "deadLetter is null").getSource();
    }
}
