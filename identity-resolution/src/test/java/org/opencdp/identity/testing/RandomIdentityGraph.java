package org.opencdp.identity.testing;

import static org.opencdp.identity.testing.Edges.androidId;
import static org.opencdp.identity.testing.Edges.card;
import static org.opencdp.identity.testing.Edges.cookie;
import static org.opencdp.identity.testing.Edges.email;
import static org.opencdp.identity.testing.Edges.idfa;
import static org.opencdp.identity.testing.Edges.oaid;
import static org.opencdp.identity.testing.Edges.openid;
import static org.opencdp.identity.testing.Edges.paymentToken;
import static org.opencdp.identity.testing.Edges.phone;
import static org.opencdp.identity.testing.Edges.unionid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.opencdp.identity.edge.Identifier;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * A seeded random identity graph with ground truth and the hazards the rules must survive: chains of strong
 * identifiers, repeated observations, shared store devices and POS terminals, a placeholder phone, family members
 * sharing a phone (limit conflicts), recycled phone numbers, and edges of an ignored type.
 */
public record RandomIdentityGraph(List<IdentityEdge> edges, Map<IdentifierKey, String> truth) {
    public static final String SHARED = "shared";

    public static RandomIdentityGraph generate(long seed, int persons) {
        Random random = new Random(seed);
        List<IdentityEdge> edges = new ArrayList<>();
        Map<IdentifierKey, String> truth = new HashMap<>();
        List<List<Identifier>> strongOf = new ArrayList<>();
        List<Identifier> cards = new ArrayList<>();
        List<Identifier> openids = new ArrayList<>();
        int[] counter = {0};
        String prefix = "s" + seed + "-";

        for (int p = 0; p < persons; p++) {
            String person = "p" + p;
            List<Identifier> strong = new ArrayList<>();
            if (random.nextDouble() < 0.8) {
                Identifier card = card(prefix + "card" + p);
                strong.add(card);
                cards.add(card);
            }
            int phones = 1 + random.nextInt(2);
            for (int i = 0; i < phones; i++) {
                strong.add(phone(prefix + "phone" + p + "_" + i));
            }
            if (random.nextDouble() < 0.6) {
                strong.add(unionid(prefix + "union" + p));
            }
            int openidCount = 1 + random.nextInt(3);
            for (int i = 0; i < openidCount; i++) {
                Identifier openid = openid(prefix + "openid" + p + "_" + i);
                strong.add(openid);
                openids.add(openid);
            }
            if (random.nextDouble() < 0.3) {
                strong.add(email(prefix + "mail" + p));
            }
            List<Identifier> weak = new ArrayList<>();
            List<IdentityEdge> personEdges = new ArrayList<>();
            int devices = random.nextInt(3);
            for (int i = 0; i < devices; i++) {
                if (random.nextBoolean()) {
                    Identifier o = oaid(prefix + "oaid" + p + "_" + i);
                    Identifier a = androidId(prefix + "aid" + p + "_" + i);
                    weak.add(o);
                    weak.add(a);
                    personEdges.add(edge(counter, prefix, o, a, random));
                }
                else {
                    weak.add(idfa(prefix + "idfa" + p + "_" + i));
                }
            }
            int cookies = random.nextInt(3);
            for (int i = 0; i < cookies; i++) {
                weak.add(cookie(prefix + "cookie" + p + "_" + i));
            }
            if (random.nextDouble() < 0.3) {
                weak.add(paymentToken(prefix + "pay" + p));
            }
            // a chain through the strong identifiers, in random order, then some repeated and extra observations
            List<Identifier> chain = new ArrayList<>(strong);
            Collections.shuffle(chain, random);
            for (int i = 1; i < chain.size(); i++) {
                // people come back: most links are observed again on later visits
                int observations = 1 + random.nextInt(4);
                for (int o = 0; o < observations; o++) {
                    personEdges.add(edge(counter, prefix, verifyMaybe(chain.get(i - 1), random), verifyMaybe(chain.get(i), random), random));
                }
            }
            int extra = random.nextInt(4);
            for (int i = 0; i < extra; i++) {
                personEdges.add(edge(counter, prefix, verifyMaybe(pick(strong, random), random), verifyMaybe(pick(strong, random), random), random));
            }
            for (Identifier w : weak) {
                personEdges.add(edge(counter, prefix, w, pick(strong, random), random));
            }
            for (IdentityEdge edge : personEdges) {
                if (!edge.isSelfLink()) {
                    edges.add(edge);
                }
            }
            strong.forEach(id -> truth.put(id.key(), person));
            weak.forEach(id -> truth.put(id.key(), person));
            strongOf.add(strong);
        }

        // hazards
        int hubs = Math.max(1, persons / 60);
        for (int h = 0; h < hubs; h++) {
            Identifier ipad = idfa(prefix + "store-ipad" + h);
            truth.put(ipad.key(), SHARED);
            for (int i = 0; i < 12; i++) {
                edges.add(edge(counter, prefix, ipad, pick(openids, random), random));
            }
            Identifier terminal = androidId(prefix + "pos-terminal" + h);
            truth.put(terminal.key(), SHARED);
            for (int i = 0; i < 30; i++) {
                Identifier token = paymentToken(prefix + "walkin" + h + "_" + i);
                truth.put(token.key(), "walkin" + h + "_" + i);
                edges.add(edge(counter, prefix, terminal, token, random));
            }
            edges.add(edge(counter, prefix, terminal, pick(cards, random), random));
        }
        Identifier placeholder = phone(prefix + "placeholder");
        truth.put(placeholder.key(), SHARED);
        for (int i = 0; i < 10 && !cards.isEmpty(); i++) {
            edges.add(edge(counter, prefix, pick(cards, random), placeholder, random));
        }
        // family: someone's card seen with another person's phone
        for (int i = 0; i < persons / 30; i++) {
            List<Identifier> a = pick(strongOf, random);
            List<Identifier> b = pick(strongOf, random);
            Identifier card = a.stream().filter(id -> id.type() == IdentifierType.MEMBER_CARD).findFirst().orElse(null);
            Identifier phone = b.stream().filter(id -> id.type() == IdentifierType.PHONE).findFirst().orElse(null);
            if (card != null && phone != null && a != b) {
                edges.add(edge(counter, prefix, card, phone, random));
            }
        }
        // recycled numbers: a new owner verifies an old owner's phone long after its last use
        for (int i = 0; i < Math.max(1, persons / 50); i++) {
            List<Identifier> newOwner = pick(strongOf, random);
            Identifier recycled = phone(prefix + "recycled" + i);
            Identifier oldCard = card(prefix + "recycled-old-card" + i);
            truth.put(oldCard.key(), "recycled-old" + i);
            truth.put(recycled.key(), truth.get(newOwner.get(0).key()));
            edges.add(Edges.edge(prefix + "r" + counter[0]++, oldCard, recycled, 10 + random.nextInt(100)));
            edges.add(Edges.edge(prefix + "r" + counter[0]++, Identifier.verified(IdentifierType.PHONE, recycled.token()), newOwner.get(0), 400 + random.nextInt(100)));
        }
        // an identifier type the rules ignore
        for (int i = 0; i < 3; i++) {
            edges.add(edge(counter, prefix, Identifier.of(IdentifierType.UNKNOWN, prefix + "unknown" + i), pick(cards, random), random));
        }
        Collections.shuffle(edges, random);
        return new RandomIdentityGraph(edges, truth);
    }

    private static IdentityEdge edge(int[] counter, String prefix, Identifier left, Identifier right, Random random) {
        return Edges.edge(prefix + "l" + counter[0]++, left, right, random.nextInt(730) + random.nextInt(24) / 24.0);
    }

    private static Identifier verifyMaybe(Identifier identifier, Random random) {
        if (identifier.type() == IdentifierType.PHONE && random.nextBoolean()) {
            return new Identifier(identifier.key(), true);
        }
        return identifier;
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
