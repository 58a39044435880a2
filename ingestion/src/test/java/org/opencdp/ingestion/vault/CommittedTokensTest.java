package org.opencdp.ingestion.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.opencdp.ingestion.edge.ClearContact;
import org.opencdp.schemas.avro.IdentifierType;

class CommittedTokensTest {
    @Test
    void holdsWhatWasAddedAndNothingElse() {
        CommittedTokens tokens = new CommittedTokens(10);
        tokens.add(token("a"));

        assertThat(tokens.contains(token("a"))).isTrue();
        assertThat(tokens.contains(token("b"))).isFalse();
    }

    @Test
    void tellsWhichContactsOfARequestAreNotRemembered() {
        CommittedTokens tokens = new CommittedTokens(10);
        ClearContact phone = new ClearContact(IdentifierType.PHONE, token("phone"), "13800138000");
        ClearContact email = new ClearContact(IdentifierType.EMAIL, token("email"), "li.lei@example.com");
        tokens.addAll(List.of(phone));

        assertThat(tokens.unknown(List.of(phone, email))).containsExactly(email);
    }

    @Test
    void neverRemembersATokenThatIsNoHmacToken() {
        CommittedTokens tokens = new CommittedTokens(10);
        String almost = token("x").substring(0, 42) + "=";
        tokens.add("tok-phone");
        tokens.add(almost);
        tokens.add(token("x").substring(1));

        assertThat(tokens.contains("tok-phone")).isFalse();
        assertThat(tokens.contains(almost)).isFalse();
        assertThat(tokens.contains(token("x").substring(1))).isFalse();
    }

    @Test
    void keepsAtMostTwoGenerationsAndForgetsTheOldest() {
        CommittedTokens tokens = new CommittedTokens(3);
        IntStream.range(0, 9).forEach(i -> tokens.add(token("t" + i)));

        // t0-t2 and t3-t5 filled a generation each, t6-t8 are the current one: the first generation is gone
        assertThat(IntStream.range(0, 3).filter(i -> tokens.contains(token("t" + i)))).isEmpty();
        assertThat(IntStream.range(6, 9).filter(i -> tokens.contains(token("t" + i)))).containsExactly(6, 7, 8);
        assertThat(tokens.contains(token("t5"))).isTrue();
    }

    @Test
    void aTokenFoundInThePreviousGenerationSurvivesTheNextSwitch() {
        CommittedTokens tokens = new CommittedTokens(2);
        tokens.add(token("often"));
        tokens.add(token("rare"));
        tokens.add(token("x1"));
        // "often" and "rare" are the previous generation now; looking "often" up moves it into the current one
        assertThat(tokens.contains(token("often"))).isTrue();
        tokens.add(token("x2"));

        assertThat(tokens.contains(token("often"))).isTrue();
        assertThat(tokens.contains(token("rare"))).isFalse();
    }

    @Test
    void holdsAFullGenerationOfManyTokens() {
        CommittedTokens tokens = new CommittedTokens(50_000);
        IntStream.range(0, 50_000).forEach(i -> tokens.add(token("p" + i)));

        assertThat(IntStream.range(0, 50_000).allMatch(i -> tokens.contains(token("p" + i)))).isTrue();
        assertThat(IntStream.range(0, 1_000).noneMatch(i -> tokens.contains(token("q" + i)))).isTrue();
    }

    @Test
    void rejectsAnEmptyBound() {
        assertThatThrownBy(() -> new CommittedTokens(0)).hasMessageContaining("0");
    }

    /** A token as the tokenizer writes them: base64url of 32 random-looking bytes. */
    static String token(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
