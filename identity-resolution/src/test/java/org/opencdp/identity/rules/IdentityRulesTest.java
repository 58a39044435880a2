package org.opencdp.identity.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.identity.edge.Identifier;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.schemas.avro.IdentifierType;

class IdentityRulesTest {
    private final IdentityRules defaults = IdentityRules.defaults();

    @Test
    void defaultsMakePersonIdentifiersStrongAndDeviceLikeIdentifiersWeak() {
        assertThat(List.of(IdentifierType.MEMBER_CARD, IdentifierType.PHONE, IdentifierType.WECHAT_UNIONID, IdentifierType.WECHAT_OPENID, IdentifierType.ALIPAY_ID, IdentifierType.EMAIL))
                .allSatisfy(type -> assertThat(defaults.strength(type)).isEqualTo(Strength.STRONG));
        assertThat(List.of(IdentifierType.OAID, IdentifierType.IDFA, IdentifierType.ANDROID_ID, IdentifierType.WEB_ANONYMOUS_ID, IdentifierType.PAYMENT_TOKEN))
                .allSatisfy(type -> assertThat(defaults.strength(type)).isEqualTo(Strength.WEAK));
        assertThat(defaults.strength(IdentifierType.UNKNOWN)).isEqualTo(Strength.IGNORED);
    }

    @Test
    void defaultsLimitOneCardOneUnionidAndThreePhonesPerMember() {
        assertThat(defaults.rule(IdentifierType.MEMBER_CARD).limit()).isEqualTo(1);
        assertThat(defaults.rule(IdentifierType.WECHAT_UNIONID).limit()).isEqualTo(1);
        assertThat(defaults.rule(IdentifierType.PHONE).limit()).isEqualTo(3);
        assertThat(defaults.rule(IdentifierType.WECHAT_OPENID).limited()).isFalse();
        assertThat(defaults.limitedTypes()).extracting(TypeRule::type)
                .containsExactly(IdentifierType.ALIPAY_ID, IdentifierType.EMAIL, IdentifierType.MEMBER_CARD, IdentifierType.PHONE, IdentifierType.WECHAT_UNIONID);
    }

    @Test
    void verifiedPhoneHasAHigherPriorityThanAnUnverifiedOne() {
        int verified = defaults.effectivePriority(Identifier.verified(IdentifierType.PHONE, "t"));
        int unverified = defaults.effectivePriority(Identifier.of(IdentifierType.PHONE, "t"));
        assertThat(verified).isLessThan(unverified);
        assertThat(unverified - verified).isEqualTo(defaults.unverifiedPenalty());
        // types that are not verifiable are not penalised
        assertThat(defaults.effectivePriority(Identifier.of(IdentifierType.MEMBER_CARD, "c"))).isEqualTo(defaults.rule(IdentifierType.MEMBER_CARD).priority());
    }

    @Test
    void hubThresholdsAreConfigurablePerNeighbourType() {
        assertThat(defaults.hubThreshold(IdentifierType.MEMBER_CARD)).isEqualTo(5);
        assertThat(defaults.hubThreshold(IdentifierType.WEB_ANONYMOUS_ID)).isEqualTo(50);
        assertThat(defaults.recycleMinSilence()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void overridesAreLayeredOnTheDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.properties");
        Files.writeString(file, """
                type.PHONE.limit=1
                hub.max-distinct-neighbours=3
                hub.max-distinct-neighbours.IDFA=7
                recycle.min-silence=P30D
                blocked.tokens.PHONE=tokA, tokB
                """);
        IdentityRules rules = IdentityRules.load(file);
        assertThat(rules.rule(IdentifierType.PHONE).limit()).isEqualTo(1);
        assertThat(rules.rule(IdentifierType.PHONE).recyclable()).isTrue();
        assertThat(rules.hubThreshold(IdentifierType.MEMBER_CARD)).isEqualTo(3);
        assertThat(rules.hubThreshold(IdentifierType.IDFA)).isEqualTo(7);
        assertThat(rules.recycleMinSilence()).isEqualTo(Duration.ofDays(30));
        assertThat(rules.isBlocked(IdentifierKey.of(IdentifierType.PHONE, "tokB"))).isTrue();
        assertThat(rules.isBlocked(IdentifierKey.of(IdentifierType.EMAIL, "tokB"))).isFalse();
    }

    @Test
    void blockedTokensCanBeAddedFromTokenizedClearValues() {
        IdentityRules rules = defaults.withBlockedTokens(List.of(IdentifierKey.of(IdentifierType.PHONE, "hmac-of-13800000000")));
        assertThat(rules.isBlocked(IdentifierKey.of(IdentifierType.PHONE, "hmac-of-13800000000"))).isTrue();
        assertThat(defaults.isBlocked(IdentifierKey.of(IdentifierType.PHONE, "hmac-of-13800000000"))).isFalse();
    }

    @Test
    void badConfigurationNamesTheKeyAndTheValue() {
        assertThatThrownBy(() -> IdentityRules.load(properties("type.PHONE.limt", "2")))
                .isInstanceOf(InvalidRulesException.class).hasMessageContaining("type.PHONE.limt");
        assertThatThrownBy(() -> IdentityRules.load(properties("type.FAX.strength", "STRONG")))
                .hasMessageContaining("FAX");
        assertThatThrownBy(() -> IdentityRules.load(properties("type.PHONE.limit", "many")))
                .hasMessageContaining("type.PHONE.limit").hasMessageContaining("many");
        assertThatThrownBy(() -> IdentityRules.load(properties("type.OAID.limit", "1")))
                .hasMessageContaining("only applies to STRONG");
        assertThatThrownBy(() -> IdentityRules.load(properties("recycle.min-silence", "90 days")))
                .hasMessageContaining("P90D");
        assertThatThrownBy(() -> IdentityRules.load(properties("blocked.patterns", "([")))
                .hasMessageContaining("blocked.patterns");
    }

    private static Properties properties(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }
}
