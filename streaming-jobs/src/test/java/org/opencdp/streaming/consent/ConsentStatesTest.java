package org.opencdp.streaming.consent;

import java.time.Instant;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.avro.ConsentAction;
import org.opencdp.schemas.avro.ConsentChannel;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.avro.ConsentPurpose;
import org.opencdp.streaming.testing.TestEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.streaming.testing.TestEvents.identifiers;

class ConsentStatesTest
{
    private static final Instant AT = Instant.parse("2026-05-01T10:15:30Z");

    @Test
    void theSubjectIsTheHighestPriorityIdentifierAndMissingChannelOrRecipientIsEmpty()
    {
        ConsentState state = ConsentStates.of(TestEvents.consent("c-1", ConsentPurpose.PERSONALIZATION, null, ConsentAction.GRANT, AT,
                identifiers().setOaid("tok-oaid").setWechatOpenid("tok-open@wx1").setPhone("tok-phone").build())).orElseThrow();

        assertThat(state.subject()).isEqualTo("tok-phone");
        assertThat(state.subjectType()).isEqualTo("PHONE");
        assertThat(state.purpose()).isEqualTo("PERSONALIZATION");
        assertThat(state.channel()).isEqualTo(ConsentState.NONE);
        assertThat(state.recipient()).isEqualTo(ConsentState.NONE);
        assertThat(state.granted()).isTrue();
        assertThat(state.policyVersion()).isEqualTo("2026-03");
        assertThat(state.capturedAt()).isEqualTo(AT);
        assertThat(state.eventId()).isEqualTo("c-1");
    }

    @Test
    void anEventWithoutIdentifiersHasNoSubject()
    {
        assertThat(ConsentStates.of(TestEvents.consent("c-1", ConsentPurpose.MARKETING, ConsentChannel.SMS, ConsentAction.GRANT, AT,
                identifiers().build()))).isEmpty();
    }

    @Test
    void aMinorsGrantCountsOnlyWithGuardianConsent()
    {
        ConsentEvent alone = ConsentEvent.newBuilder(grant("c-1", AT)).setSubjectIsMinor(true).setGuardianConsent(false).build();
        ConsentEvent withGuardian = ConsentEvent.newBuilder(grant("c-2", AT)).setSubjectIsMinor(true).setGuardianConsent(true).build();

        assertThat(ConsentStates.of(alone).orElseThrow().granted()).isFalse();
        assertThat(ConsentStates.of(alone).orElseThrow().action()).isEqualTo("GRANT");
        assertThat(ConsentStates.of(withGuardian).orElseThrow().granted()).isTrue();
        assertThat(ConsentStates.granted(ConsentAction.WITHDRAW, false, false)).isFalse();
        assertThat(ConsentStates.granted(ConsentAction.DENY, true, true)).isFalse();
    }

    @Test
    void theLatestCapturedDecisionWinsWhateverTheArrivalOrder()
    {
        ConsentState granted = state(grant("c-1", AT));
        ConsentState withdrawn = state(withdraw("c-2", AT.plusSeconds(60)));

        assertThat(ConsentStates.supersedes(granted, null)).isTrue();
        assertThat(ConsentStates.supersedes(withdrawn, granted)).isTrue();
        assertThat(ConsentStates.supersedes(granted, withdrawn)).as("an older grant arriving late").isFalse();
        assertThat(ConsentStates.supersedes(granted, granted)).as("a repeated event").isFalse();
    }

    @Test
    void atTheSameCaptureTimeTheMoreRestrictiveDecisionWins()
    {
        ConsentState granted = state(grant("c-9", AT));
        ConsentState withdrawn = state(withdraw("c-1", AT));

        assertThat(ConsentStates.supersedes(withdrawn, granted)).isTrue();
        assertThat(ConsentStates.supersedes(granted, withdrawn)).isFalse();
    }

    @Test
    void theStateKeySeparatesPurposesChannelsAndRecipients()
    {
        ConsentState sms = state(grant("c-1", AT));
        ConsentState push = state(ConsentEvent.newBuilder(grant("c-2", AT)).setChannel(ConsentChannel.APP_PUSH).build());
        ConsentState sharing = state(ConsentEvent.newBuilder(grant("c-3", AT))
                .setPurpose(ConsentPurpose.THIRD_PARTY_SHARING).setChannel(null).setRecipient("acme").build());

        assertThat(sms.key()).isNotEqualTo(push.key()).isNotEqualTo(sharing.key());
        assertThat(sharing.recipient()).isEqualTo("acme");
    }

    @Test
    void theStateIsAFlinkPojoNotAKryoType()
    {
        assertThat(TypeInformation.of(ConsentState.class)).isInstanceOf(PojoTypeInfo.class);
    }

    private static ConsentEvent grant(String eventId, Instant at)
    {
        return TestEvents.consent(eventId, ConsentPurpose.MARKETING, ConsentChannel.SMS, ConsentAction.GRANT, at,
                identifiers().setPhone("tok-phone").build());
    }

    private static ConsentEvent withdraw(String eventId, Instant at)
    {
        return TestEvents.consent(eventId, ConsentPurpose.MARKETING, ConsentChannel.SMS, ConsentAction.WITHDRAW, at,
                identifiers().setPhone("tok-phone").build());
    }

    private static ConsentState state(ConsentEvent event)
    {
        return ConsentStates.of(event).orElseThrow();
    }
}
