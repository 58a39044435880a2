package org.opencdp.identity.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.IdentityLink;
import org.opencdp.schemas.avro.Source;

class AvroEdgesTest {
    @Test
    void convertsTheIdentityLinkContract() {
        IdentityLink link = IdentityLink.newBuilder()
                .setLinkId("l1")
                .setLeft(new org.opencdp.schemas.avro.Identifier(IdentifierType.MEMBER_CARD, "card-token", false))
                .setRight(new org.opencdp.schemas.avro.Identifier(IdentifierType.PHONE, "phone-token", true))
                .setRule("pos_member_card")
                .setSource(Source.POS)
                .setSourceEventId("ev1")
                .setObservedAt(Instant.parse("2024-05-01T10:00:00Z"))
                .build();
        IdentityEdge edge = AvroEdges.fromAvro(link);
        assertThat(edge).isEqualTo(new IdentityEdge("l1", Identifier.of(IdentifierType.MEMBER_CARD, "card-token"),
                Identifier.verified(IdentifierType.PHONE, "phone-token"), "pos_member_card", "POS", "ev1", Instant.parse("2024-05-01T10:00:00Z")));
    }

    @Test
    void identifierKeysHaveACanonicalStringForm() {
        IdentifierKey key = IdentifierKey.of(IdentifierType.WECHAT_OPENID, "abc:def");
        assertThat(key.toString()).isEqualTo("WECHAT_OPENID:abc:def");
        assertThat(IdentifierKey.parse(key.toString())).isEqualTo(key);
        assertThat(IdentifierKey.of(IdentifierType.EMAIL, "z")).isLessThan(IdentifierKey.of(IdentifierType.PHONE, "a"));
        assertThatThrownBy(() -> IdentifierKey.parse("FAX:1")).hasMessageContaining("FAX");
    }
}
