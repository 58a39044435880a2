package org.opencdp.ingestion.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.Identifiers;

class BlockedIdentifierValuesTest {
    private final Tokenizer tokenizer = new Tokenizer("k1", TokenizerTest.randomKey());
    // the placeholder phone and SDK defaults, as the identity rules list them
    private final BlockedIdentifierValues blocked = (type, value) ->
            (type == IdentifierType.PHONE && value.equals("13800000000")) || Set.of("null", "undefined").contains(value);

    @Test
    void aBlockedValueBecomesNoTokenWhateverFormatItWasTypedIn() {
        Identifiers tokenized = new IdentifierTokenizer(tokenizer, blocked).tokenize(Identifiers.newBuilder()
                .setPhone("+86 138-0000-0000")
                .setMemberCard("8612345678")
                .setWechatOpenid("undefined")
                .setWechatAppid("wx1")
                .setOaid("null")
                .build());

        assertThat(tokenized.getPhone()).isNull();
        assertThat(tokenized.getWechatOpenid()).isNull();
        assertThat(tokenized.getOaid()).isNull();
        assertThat(tokenized.getMemberCard()).isEqualTo(tokenizer.token(IdentifierType.MEMBER_CARD, "8612345678"));
    }

    @Test
    void lookupsOfABlockedValueFindNothingAndOtherValuesAreUnchanged() {
        IdentifierTokenizer blocking = new IdentifierTokenizer(tokenizer, blocked);
        IdentifierTokenizer plain = new IdentifierTokenizer(tokenizer);

        assertThat(blocking.token(IdentifierType.PHONE, "0086 13800000000")).isNull();
        assertThat(plain.token(IdentifierType.PHONE, "0086 13800000000")).isNotNull();
        assertThat(blocking.token(IdentifierType.PHONE, "13912345678")).isEqualTo(plain.token(IdentifierType.PHONE, "13912345678"));
        assertThat(blocking.openidToken("o-abc", "wx1")).isEqualTo(plain.openidToken("o-abc", "wx1"));
    }
}
