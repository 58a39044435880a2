package org.opencdp.ingestion.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.Identifiers;

class TokenizerTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    private final Tokenizer tokenizer = new Tokenizer("k1", randomKey());

    @Test
    void tokensAreDeterministicPerKeyAndUrlSafe() {
        String token = tokenizer.token(IdentifierType.PHONE, "13800138000");

        assertThat(tokenizer.token(IdentifierType.PHONE, "13800138000")).isEqualTo(token);
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void tokensDifferAcrossKeysAndAcrossTypes() {
        Tokenizer otherKey = new Tokenizer("k2", randomKey());

        assertThat(otherKey.token(IdentifierType.PHONE, "13800138000"))
                .isNotEqualTo(tokenizer.token(IdentifierType.PHONE, "13800138000"));
        assertThat(tokenizer.token(IdentifierType.MEMBER_CARD, "13800138000"))
                .isNotEqualTo(tokenizer.token(IdentifierType.PHONE, "13800138000"));
    }

    @Test
    void refusesShortKeysAndNeverPrintsTheKey() {
        assertThatThrownBy(() -> new Tokenizer("weak", new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weak");
        assertThat(tokenizer.toString()).isEqualTo("Tokenizer{keyId=k1}");
    }

    @Test
    void tokenizesEveryIdentifierAfterNormalisingIt() {
        IdentifierTokenizer identifiers = new IdentifierTokenizer(tokenizer);
        Identifiers clear = Identifiers.newBuilder()
                .setMemberCard("C001")
                .setPhone("+86 138-0013-8000")
                .setPhoneVerified(true)
                .setWechatUnionid("union-1")
                .setWechatOpenid("open-1")
                .setWechatAppid("wx123")
                .setAlipayId("2088")
                .setEmail("  Li.Lei@Example.COM ")
                .setOaid("oaid-1")
                .setIdfa("ABCD-EF")
                .setAndroidId("android-1")
                .setWebAnonymousId("anon-1")
                .setPaymentToken("pay-1")
                .build();

        Identifiers tokenized = identifiers.tokenize(clear);

        assertThat(tokenized.getPhone()).isEqualTo(tokenizer.token(IdentifierType.PHONE, "13800138000"));
        assertThat(tokenized.getEmail()).isEqualTo(tokenizer.token(IdentifierType.EMAIL, "li.lei@example.com"));
        assertThat(tokenized.getWechatOpenid()).isEqualTo(tokenizer.token(IdentifierType.WECHAT_OPENID, "open-1@wx123"));
        assertThat(tokenized.getWechatAppid()).as("scopes the openid, not personal").isEqualTo("wx123");
        assertThat(tokenized.getMemberCard()).isEqualTo(tokenizer.token(IdentifierType.MEMBER_CARD, "C001"));
        assertThat(tokenized.getPhoneVerified()).isTrue();
        assertThat(tokenized.getTokenizationKeyId()).isEqualTo("k1");
        assertThat(tokenized.toString())
                .doesNotContain("13800138000", "138-0013", "example.com", "C001", "union-1", "open-1", "2088",
                        "oaid-1", "ABCD", "android-1", "anon-1", "pay-1");
        assertThat(identifiers.token(IdentifierType.PHONE, "0086 13800138000")).isEqualTo(tokenized.getPhone());
    }

    @Test
    void leavesAbsentAndBlankValuesEmpty() {
        Identifiers tokenized = new IdentifierTokenizer(tokenizer)
                .tokenize(Identifiers.newBuilder().setPhone("  ").build());

        assertThat(tokenized.getPhone()).isNull();
        assertThat(tokenized.getEmail()).isNull();
        assertThat(tokenized.getTokenizationKeyId()).isEqualTo("k1");
    }
}
