package org.opencdp.platform.generator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * One person's consent decisions: the choices on the sign-up screen, re-consent when the policy text
 * changes, withdrawals (by SMS reply, app toggle or the rights portal) and some re-grants. Minors'
 * decisions say so, and most of them come with a guardian's consent.
 */
final class ConsentJourney
{
    private static final String LOGISTICS = "sf-express";
    private static final String ADVERTISING = "tencent-ads";
    private static final String OVERSEAS = "group-hq-singapore";
    private static final Map<String, String> TEXT_HASHES = new ConcurrentHashMap<>();

    private record Decision(long time, String purpose, String channel, String recipient, String action, String policyVersion, String capturedIn) {}

    private final World world;
    private final Person person;
    private final SplittableRandom random;
    private final DraftFactory drafts;
    private final IdentifierPicker ids;
    private final RecordCollector out;
    private final boolean guardianPresent;

    ConsentJourney(World world, Person person, SplittableRandom random, DraftFactory drafts, IdentifierPicker ids, RecordCollector out)
    {
        this.world = requireNonNull(world, "world is null");
        this.person = requireNonNull(person, "person is null");
        this.random = requireNonNull(random, "random is null");
        this.drafts = requireNonNull(drafts, "drafts is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.out = requireNonNull(out, "out is null");
        this.guardianPresent = person.minor() && random.nextInt(100) < 75;
    }

    void generate()
    {
        List<Decision> decisions = new ArrayList<>();
        long signup = person.firstSeen() + 60_000;
        String capturedIn = person.firstChannel();
        String policy = policyAt(signup);

        List<Decision> grants = new ArrayList<>();
        if (!person.phones().isEmpty()) {
            offer(decisions, grants, signup, "MARKETING", "SMS", null, policy, capturedIn, 65);
        }
        if (person.app()) {
            offer(decisions, grants, signup, "MARKETING", "APP_PUSH", null, policy, capturedIn, 60);
        }
        if (person.miniProgram()) {
            offer(decisions, grants, signup, "MARKETING", "WECHAT_SUBSCRIBE", null, policy, capturedIn, 70);
        }
        if (person.hasWechat() && random.nextInt(100) < 30) {
            offer(decisions, grants, signup, "MARKETING", "WECOM", null, policy, capturedIn, 55);
        }
        if (random.nextInt(100) < 10) {
            offer(decisions, grants, signup, "MARKETING", "CALL", null, policy, capturedIn, 30);
        }
        offer(decisions, grants, signup, "PERSONALIZATION", null, null, policy, capturedIn, 75);
        if (person.web() || person.app() || person.miniProgram()) {
            offer(decisions, grants, signup, "THIRD_PARTY_SHARING", null, LOGISTICS, policy, capturedIn, 92);
        }
        if (random.nextInt(100) < 35) {
            offer(decisions, grants, signup, "THIRD_PARTY_SHARING", null, ADVERTISING, policy, capturedIn, 30);
        }
        if (random.nextInt(100) < 15) {
            offer(decisions, grants, signup, "CROSS_BORDER_TRANSFER", null, OVERSEAS, policy, capturedIn, 40);
        }

        // a new policy text: grants under the old one stop counting until the person accepts the new one
        long switchAt = world.policySwitchMillis();
        boolean activeAcrossSwitch = signup < switchAt && person.lastSeen() > switchAt + Timestamps.MILLIS_PER_DAY;
        List<Decision> current = grants;
        if (activeAcrossSwitch && random.nextInt(100) < 65) {
            long reconsent = switchAt + random.nextLong(Math.max(1, Math.min(30 * Timestamps.MILLIS_PER_DAY, person.lastSeen() - switchAt - Timestamps.MILLIS_PER_HOUR)));
            String where = person.app() ? "app" : person.miniProgram() ? "mini_program" : person.web() ? "web" : "store";
            List<Decision> renewed = new ArrayList<>();
            for (Decision grant : grants) {
                Decision again = new Decision(reconsent, grant.purpose(), grant.channel(), grant.recipient(), "GRANT", world.newPolicyVersion(), where);
                decisions.add(again);
                renewed.add(again);
            }
            current = renewed;
        }

        // withdrawal of one marketing channel, sometimes taken back later
        List<Decision> marketing = current.stream().filter(grant -> grant.purpose().equals("MARKETING")).toList();
        if (!marketing.isEmpty() && random.nextInt(100) < 15) {
            Decision grant = marketing.get(random.nextInt(marketing.size()));
            long room = person.lastSeen() - grant.time() - Timestamps.MILLIS_PER_HOUR;
            if (room > Timestamps.MILLIS_PER_DAY) {
                long withdrawAt = grant.time() + Timestamps.MILLIS_PER_HOUR + random.nextLong(room / 2);
                String where = grant.channel().equals("SMS") ? "sms_reply" : grant.channel().equals("APP_PUSH") ? "app" : "portal";
                decisions.add(new Decision(withdrawAt, "MARKETING", grant.channel(), null, "WITHDRAW", policyAt(withdrawAt), where));
                if (random.nextInt(100) < 35) {
                    long regrantAt = withdrawAt + Timestamps.MILLIS_PER_HOUR + random.nextLong(Math.max(1, person.lastSeen() - withdrawAt - 2 * Timestamps.MILLIS_PER_HOUR));
                    String again = person.app() ? "app" : person.miniProgram() ? "mini_program" : "store";
                    decisions.add(new Decision(regrantAt, "MARKETING", grant.channel(), null, "GRANT", policyAt(regrantAt), again));
                }
            }
        }

        decisions.sort(Comparator.comparingLong(Decision::time));
        for (Decision decision : decisions) {
            out.emit(OmoSource.CONSENT_EVENTS, draft(decision));
        }
    }

    private void offer(List<Decision> decisions, List<Decision> grants, long time, String purpose, String channel, String recipient, String policy, String capturedIn, int grantPercent)
    {
        boolean grant = random.nextInt(100) < grantPercent;
        Decision decision = new Decision(time, purpose, channel, recipient, grant ? "GRANT" : "DENY", policy, capturedIn);
        decisions.add(decision);
        if (grant) {
            grants.add(decision);
        }
    }

    private String policyAt(long time)
    {
        return time < world.policySwitchMillis() ? world.oldPolicyVersion() : world.newPolicyVersion();
    }

    private EventDraft draft(Decision decision)
    {
        long time = decision.time();
        EventDraft draft;
        switch (decision.capturedIn()) {
            case "web" -> {
                draft = drafts.client("WEB", time, true);
                Cookie cookie = person.cookieAt(time);
                draft.context = drafts.webContext(cookie);
                draft.identifiers.webAnonymousId = cookie.id();
                draft.identifiers.memberCard = person.memberCard();
                evidence(draft, "checkbox", decision);
            }
            case "app" -> {
                draft = drafts.client("APP", time, true);
                Device device = person.personalDeviceAt(time);
                draft.context = drafts.appContext(device, time);
                ids.device(draft, device);
                draft.identifiers.memberCard = person.memberCard();
                evidence(draft, decision.action().equals("GRANT") && random.nextBoolean() ? "checkbox" : "toggle", decision);
            }
            case "mini_program" -> {
                String appid = person.openids().get(0) != null ? Brand.MINI_MALL_APPID : Brand.MINI_MEMBER_APPID;
                draft = drafts.client("MINI_PROGRAM", time, false);
                draft.context = drafts.wechatContext("mini_program", appid, time);
                ids.wechat(draft, appid, true);
                draft.identifiers.memberCard = person.memberCard();
                evidence(draft, "checkbox", decision);
            }
            case "sms_reply" -> {
                // the member replied "TD" to a marketing SMS; the gateway reports it to the back office
                draft = drafts.server("BACK_OFFICE", Ids.uuid(random), time);
                Phone phone = ids.phoneAt(time);
                if (phone != null) {
                    ids.phone(draft, phone, true);
                }
                else {
                    draft.identifiers.memberCard = person.memberCard();
                }
                evidence(draft, "sms_reply", decision);
                draft.evidenceReference = "sms-gateway/mo/" + Ids.hex(random, 12);
            }
            case "portal" -> {
                draft = drafts.server("DSR_PORTAL", Ids.uuid(random), time);
                draft.identifiers.memberCard = person.memberCard();
                Phone phone = ids.phoneAt(time);
                if (phone != null) {
                    ids.phone(draft, phone, true);
                }
                else if (person.email() != null) {
                    ids.email(draft);
                }
                evidence(draft, "portal", decision);
                draft.evidenceReference = "dsr/" + Ids.hex(random, 10);
            }
            default -> {
                // recorded by staff at the till, on a tablet or a paper form
                Store store = person.homeStore();
                draft = drafts.server("POS", Ids.uuid(random), time);
                draft.context = drafts.storeContext(store, store.terminalIds().get(0));
                if (person.memberCard() != null) {
                    draft.identifiers.memberCard = person.memberCard();
                }
                Phone phone = ids.phoneAt(time);
                if (phone != null) {
                    ids.phone(draft, phone, false);
                }
                boolean paper = person.minor() || random.nextInt(100) < 30;
                evidence(draft, paper ? "paper_form" : "staff_recorded", decision);
                draft.evidenceStaffId = store.storeId() + "-C" + Ids.pad(1 + random.nextInt(store.cashiers()), 2);
                if (paper) {
                    draft.evidenceReference = "forms/" + store.storeId() + "/" + Ids.hex(random, 10);
                }
            }
        }
        draft.purpose = decision.purpose();
        draft.channel = decision.channel();
        draft.recipient = decision.recipient();
        draft.action = decision.action();
        draft.policyVersion = decision.policyVersion();
        if (person.minor()) {
            draft.subjectIsMinor = true;
            draft.guardianConsent = guardianPresent;
            draft.hazards.add(new HazardMark(Hazard.MINOR, "guardian_consent=" + guardianPresent));
        }
        return draft;
    }

    private static void evidence(EventDraft draft, String method, Decision decision)
    {
        draft.evidenceMethod = method;
        draft.evidenceTextHash = textHash(decision);
    }

    /** SHA-256 of the consent text shown: one text per policy version, purpose, channel and recipient. */
    private static String textHash(Decision decision)
    {
        String text = "policy " + decision.policyVersion() + ": " + decision.purpose() + " " + decision.channel() + " " + decision.recipient();
        // a handful of distinct texts, hashed millions of times; the cache is only looked up, never iterated
        return TEXT_HASHES.computeIfAbsent(text, ConsentJourney::sha256);
    }

    private static String sha256(String text)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
