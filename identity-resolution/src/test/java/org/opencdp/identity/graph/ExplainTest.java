package org.opencdp.identity.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.identity.testing.Edges.card;
import static org.opencdp.identity.testing.Edges.edge;
import static org.opencdp.identity.testing.Edges.idfa;
import static org.opencdp.identity.testing.Edges.oaid;
import static org.opencdp.identity.testing.Edges.openid;
import static org.opencdp.identity.testing.Edges.phone;
import static org.opencdp.identity.testing.Edges.unionid;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencdp.identity.cluster.DropReason;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.explain.IdentifierExplanation;
import org.opencdp.identity.explain.MemberExplanation;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.schemas.avro.IdentifierType;

class ExplainTest {
    private final IdentityEdge pos = edge("pos", card("c1"), phone("p1"), "pos_member_card", 1);
    private final IdentityEdge login = edge("login", phone("p1"), openid("o1"), "login", 2);
    private final IdentityEdge bind = edge("bind", openid("o1"), unionid("u1"), "bind_unionid", 3);
    private final IdentityEdge device = edge("device", oaid("d1"), openid("o1"), "same_event", 4);
    private final IdentityEdge family = edge("family", card("c2"), phone("p1"), "pos_member_card", 5);
    private final IdentityGraph graph;

    ExplainTest() {
        List<IdentityEdge> edges = new ArrayList<>(List.of(pos, login, bind, device, family));
        for (int i = 0; i < 6; i++) {
            edges.add(edge("ipad" + i, idfa("store-ipad"), openid(i == 0 ? "o1" : "other" + i), "same_event", 10 + i));
        }
        graph = IdentityGraph.build(IdentityRules.defaults(), edges);
    }

    @Test
    void explainsAnIdentifierByTheChainOfEdgesThatPutItInItsMember() {
        IdentifierExplanation explanation = graph.explain(unionid("u1").key());
        assertThat(explanation.memberId()).isEqualTo(graph.memberOf(card("c1").key()));
        assertThat(explanation.clusterKey()).contains(card("c1").key());
        assertThat(explanation.path()).containsExactly(bind, login, pos);
        assertThat(explanation.path()).extracting(IdentityEdge::rule, IdentityEdge::sourceEventId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bind_unionid", "ev-bind"),
                        org.assertj.core.groups.Tuple.tuple("login", "ev-login"),
                        org.assertj.core.groups.Tuple.tuple("pos_member_card", "ev-pos"));
        assertThat(explanation.acceptedEdges()).containsExactly(bind);
    }

    @Test
    void explainsConflictsQuarantinesAndAttachmentsThatAffectedAnIdentifier() {
        IdentifierExplanation phone = graph.explain(phone("p1").key());
        assertThat(phone.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.edge()).isEqualTo(family);
            assertThat(conflict.limitedType()).isEqualTo(IdentifierType.MEMBER_CARD);
        });

        IdentifierExplanation openid = graph.explain(openid("o1").key());
        assertThat(openid.droppedEdges()).singleElement().satisfies(drop -> assertThat(drop.reason()).isEqualTo(DropReason.HUB_QUARANTINE));
        assertThat(openid.quarantines()).singleElement().satisfies(q -> assertThat(q.hub()).isEqualTo(idfa("store-ipad").key()));

        IdentifierExplanation ipad = graph.explain(idfa("store-ipad").key());
        assertThat(ipad.memberId()).isEmpty();
        assertThat(ipad.quarantines()).singleElement().satisfies(q -> assertThat(q.distinctNeighbours()).isEqualTo(6));

        IdentifierExplanation deviceExplanation = graph.explain(oaid("d1").key());
        assertThat(deviceExplanation.attachment()).hasValueSatisfying(attachment -> {
            assertThat(attachment.edge()).isEqualTo(device);
            assertThat(attachment.clusterKey()).isEqualTo(card("c1").key());
        });
    }

    @Test
    void explainsAMember() {
        String id = graph.memberOf(card("c1").key()).orElseThrow();
        MemberExplanation explanation = graph.explainMember(id);
        assertThat(explanation.identifiers()).containsExactly(card("c1").key(), oaid("d1").key(), phone("p1").key(), openid("o1").key(), unionid("u1").key());
        assertThat(explanation.acceptedEdges()).containsExactlyInAnyOrder(pos, login, bind, device);
        assertThat(explanation.conflicts()).extracting(c -> c.edge().linkId()).containsExactly("family");
        assertThat(explanation.quarantines()).extracting(q -> q.hub()).containsExactly(idfa("store-ipad").key());
        assertThat(explanation.attachments()).hasSize(1);
    }
}
