package org.opencdp.batch.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.opencdp.identity.edge.Identifier;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.schemas.avro.IdentifierType;

import static org.opencdp.batch.identity.IdentityTables.timestamp;

/**
 * Seeded identity graphs with the hazards the rules exist for: people with cards, phones, unionids and openids
 * linked in chains of observations; families sharing a phone (limit conflicts between two cards); shared store
 * devices and a POS payment terminal (hubs); weak devices; and one long chain of openids (many rounds of
 * connected components).
 */
final class GeneratedLinks
{
    static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private final Random random;
    private final String prefix;
    private int counter;

    GeneratedLinks(long seed)
    {
        this.random = new Random(seed);
        this.prefix = "g" + seed + "-";
    }

    static Identifier id(IdentifierType type, String token)
    {
        return new Identifier(IdentifierKey.of(type, token), false);
    }

    IdentityEdge edge(Identifier left, Identifier right, double day)
    {
        return new IdentityEdge(prefix + "link" + (counter++), left, right, random.nextBoolean() ? "login" : "same_event", "APP",
                prefix + "event" + counter, EPOCH.plusSeconds((long) (day * 86_400)));
    }

    List<IdentityEdge> people(int persons, int chainLength)
    {
        List<IdentityEdge> edges = new ArrayList<>();
        List<Identifier> cards = new ArrayList<>();
        for (int p = 0; p < persons; p++) {
            List<Identifier> strong = new ArrayList<>();
            if (random.nextDouble() < 0.8) {
                Identifier card = id(IdentifierType.MEMBER_CARD, prefix + "card" + p);
                strong.add(card);
                cards.add(card);
            }
            strong.add(id(IdentifierType.PHONE, prefix + "phone" + p));
            if (random.nextDouble() < 0.5) {
                strong.add(id(IdentifierType.WECHAT_UNIONID, prefix + "union" + p));
            }
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                strong.add(id(IdentifierType.WECHAT_OPENID, prefix + "openid" + p + "_" + i));
            }
            // a chain of observations through the person's identifiers, some seen twice
            for (int i = 1; i < strong.size(); i++) {
                edges.add(edge(strong.get(i - 1), strong.get(i), random.nextInt(300)));
                if (random.nextDouble() < 0.3) {
                    edges.add(edge(strong.get(i), strong.get(i - 1), random.nextInt(300)));
                }
            }
            for (int d = 0; d < random.nextInt(3); d++) {
                Identifier device = id(IdentifierType.OAID, prefix + "oaid" + p + "_" + d);
                edges.add(edge(strong.get(random.nextInt(strong.size())), device, random.nextInt(300)));
                edges.add(edge(device, id(IdentifierType.ANDROID_ID, prefix + "aid" + p + "_" + d), random.nextInt(300)));
            }
            // a family member's card on the same phone: two cards cannot be one member
            if (p > 0 && random.nextDouble() < 0.08 && !cards.isEmpty()) {
                edges.add(edge(cards.get(random.nextInt(cards.size())), strong.get(strong.size() > 1 ? 1 : 0), random.nextInt(300)));
            }
            // a device shared with the previous person: attached to one of them only
            if (p > 0 && random.nextDouble() < 0.1) {
                edges.add(edge(id(IdentifierType.PHONE, prefix + "phone" + (p - 1)), id(IdentifierType.OAID, prefix + "oaid" + p + "_0"), random.nextInt(300)));
            }
        }
        // a store iPad logged into by many people, and a POS terminal's payment token
        Identifier ipad = id(IdentifierType.IDFA, prefix + "store-ipad");
        Identifier terminal = id(IdentifierType.PAYMENT_TOKEN, prefix + "pos-terminal");
        for (int i = 0; i < 40; i++) {
            int p = random.nextInt(persons);
            edges.add(edge(id(IdentifierType.PHONE, prefix + "phone" + p), ipad, random.nextInt(300)));
            edges.add(edge(id(IdentifierType.PHONE, prefix + "phone" + random.nextInt(persons)), terminal, random.nextInt(300)));
        }
        // a placeholder-like test phone used by several cards
        Identifier testPhone = id(IdentifierType.PHONE, prefix + "shared-test-phone");
        for (int i = 0; i < 8 && i < cards.size(); i++) {
            edges.add(edge(cards.get(i), testPhone, random.nextInt(300)));
        }
        // one long chain of openids ending at a card
        Identifier previous = id(IdentifierType.MEMBER_CARD, prefix + "chain-card");
        for (int i = 0; i < chainLength; i++) {
            Identifier next = id(IdentifierType.WECHAT_OPENID, prefix + "chain" + i);
            edges.add(edge(previous, next, 1 + i * 0.01));
            previous = next;
        }
        return edges;
    }

    /** Rows of {@code identity.links}. */
    static List<Row> rows(List<IdentityEdge> edges)
    {
        List<Row> rows = new ArrayList<>();
        for (IdentityEdge edge : edges) {
            rows.add(RowFactory.create(edge.linkId(),
                    RowFactory.create(edge.left().type().name(), edge.left().token(), edge.left().verified()),
                    RowFactory.create(edge.right().type().name(), edge.right().token(), edge.right().verified()),
                    edge.rule(), edge.source(), edge.sourceEventId(), timestamp(edge.observedAt())));
        }
        return rows;
    }

    static void append(SparkSession spark, List<IdentityEdge> edges)
            throws Exception
    {
        spark.createDataFrame(rows(edges), spark.table("cdp.identity.links").schema()).writeTo("cdp.identity.links").append();
    }
}
