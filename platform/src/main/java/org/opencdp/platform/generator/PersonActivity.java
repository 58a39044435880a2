package org.opencdp.platform.generator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * One person's behaviour over the period: web, app and mini-program sessions, official-account follows
 * and store baskets. The identifiers in every event are the person's own, except where a hazard says
 * otherwise (shared store devices, placeholder phone), and every co-occurrence identity resolution
 * should link comes from something a real client does: a login, a phone binding, a card scan.
 */
final class PersonActivity
{
    private static final long MINUTE = 60_000L;
    private static final String[] REFERRERS = {null, null, "https://www.baidu.com/", "https://www.xiaohongshu.com/", "https://weibo.com/", "https://www.douyin.com/"};
    private static final String[] APP_SCREENS = {"home", "category", "product_detail", "member_center", "coupon_center", "search"};
    private static final String[] MINI_PAGES = {"pages/index/index", "pages/category/index", "pages/member/index", "pages/coupon/index"};
    private static final int[] SCENES = {1001, 1011, 1047, 1007, 1089, 1035, 1043, 1089};
    private static final String[] PAYMENT_METHODS = {"wechat_pay", "alipay", "bank_card", "cash", "gift_card", "mixed"};
    private static final int[] PAYMENT_WEIGHTS = {45, 25, 15, 10, 3, 2};

    private enum AppVisit { OWN_DEVICE, FAMILY_TABLET, STORE_IPAD, RECYCLED_BINDING }

    private record Visit(long time, AppVisit kind) {}

    private final World world;
    private final Person person;
    private final SplittableRandom random;
    private final DraftFactory drafts;
    private final IdentifierPicker ids;
    private final RecordCollector out;
    private final boolean[] loggedInOnDevice;
    private final boolean[] wechatAuthorized = new boolean[Brand.WECHAT_APPIDS.length];
    private boolean phoneBoundInApp;
    private int orderSequence;
    private int receiptSequence;

    PersonActivity(World world, Person person, SplittableRandom random, DraftFactory drafts, IdentifierPicker ids, RecordCollector out)
    {
        this.world = requireNonNull(world, "world is null");
        this.person = requireNonNull(person, "person is null");
        this.random = requireNonNull(random, "random is null");
        this.drafts = requireNonNull(drafts, "drafts is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.out = requireNonNull(out, "out is null");
        this.loggedInOnDevice = new boolean[person.devices().size()];
    }

    void generate()
    {
        if (person.web()) {
            webSessions();
        }
        if (person.app()) {
            appSessions();
        }
        if (person.miniProgram() || person.officialAccount()) {
            wechatSessions();
        }
        if (person.storeShopper()) {
            storeVisits();
        }
    }

    // ---------------------------------------------------------------- web

    private void webSessions()
    {
        long[] times = sessionTimes(poisson(1.4 * person.activity()) + (person.firstChannel().equals("web") ? 1 : 0));
        for (int session = 0; session < times.length; session++) {
            long time = times[session];
            Cookie cookie = person.cookieAt(time);
            EventDraft.ContextDraft context = drafts.webContext(cookie);
            String sessionId = "ws_" + Ids.hex(random, 16);
            boolean member = person.memberCard() != null;
            boolean loggedIn = false;
            String url = Brand.WEB_BASE_URL + "/";
            String referrer = REFERRERS[random.nextInt(REFERRERS.length)];

            EventDraft landing = web(time, cookie, context, sessionId, "page_view", url, referrer, false);
            out.emit(OmoSource.WEB_EVENTS, landing);
            time += step();

            if (session == 0 && person.firstChannel().equals("web") && member) {
                Phone phone = ids.phoneAt(time);
                EventDraft signup = web(time, cookie, context, sessionId, "signup", Brand.WEB_BASE_URL + "/register", url, true);
                if (phone != null) {
                    ids.phone(signup, phone, true);
                }
                if (person.email() != null) {
                    ids.email(signup);
                }
                out.emit(OmoSource.WEB_EVENTS, signup);
                loggedIn = true;
                time += step();
            }

            int views = random.nextInt(4);
            if (random.nextInt(100) < 25) {
                Product wanted = product();
                EventDraft search = web(time, cookie, context, sessionId, "search", Brand.WEB_BASE_URL + "/search", url, loggedIn);
                search.searchQuery = random.nextBoolean() ? wanted.category() : wanted.name();
                out.emit(OmoSource.WEB_EVENTS, search);
                time += step();
            }
            Product last = null;
            for (int i = 0; i < views; i++) {
                last = product();
                String productUrl = Brand.WEB_BASE_URL + "/p/" + last.sku();
                EventDraft view = web(time, cookie, context, sessionId, "product_view", productUrl, url, loggedIn);
                view.productId = last.sku();
                out.emit(OmoSource.WEB_EVENTS, view);
                url = productUrl;
                time += step();
            }
            if (member && !loggedIn && random.nextInt(100) < 35) {
                EventDraft login = web(time, cookie, context, sessionId, "login", Brand.WEB_BASE_URL + "/login", url, true);
                Phone phone = ids.phoneAt(time);
                if (phone != null && (person.email() == null || random.nextInt(100) < 70)) {
                    // SMS-code login verifies the number
                    ids.phone(login, phone, true);
                }
                else if (person.email() != null) {
                    ids.email(login);
                }
                login.property("method", login.identifiers.phone != null ? "sms_code" : login.identifiers.email != null ? "password" : "member_card");
                out.emit(OmoSource.WEB_EVENTS, login);
                loggedIn = true;
                time += step();
            }
            if (last != null && random.nextInt(100) < 35) {
                EventDraft cart = web(time, cookie, context, sessionId, "add_to_cart", url, url, loggedIn);
                cart.productId = last.sku();
                cart.commerce = true;
                addOnlineLine(cart, last);
                cart.amountMinor = cart.items.get(0).lineTotalMinor();
                out.emit(OmoSource.WEB_EVENTS, cart);
                time += step();
                if (loggedIn && random.nextInt(100) < 45) {
                    EventDraft checkout = web(time, cookie, context, sessionId, "checkout", Brand.WEB_BASE_URL + "/checkout", Brand.WEB_BASE_URL + "/cart", true);
                    out.emit(OmoSource.WEB_EVENTS, checkout);
                    time += step();
                    EventDraft order = web(time, cookie, context, sessionId, "order", Brand.WEB_BASE_URL + "/order/success", Brand.WEB_BASE_URL + "/checkout", true);
                    onlineOrder(order, last, time);
                    out.emit(OmoSource.WEB_EVENTS, order);
                }
            }
        }
    }

    private EventDraft web(long time, Cookie cookie, EventDraft.ContextDraft context, String sessionId, String type, String url, String referrer, boolean loggedIn)
    {
        EventDraft draft = drafts.client("WEB", time, true);
        draft.context = context;
        draft.eventType = type;
        draft.pageUrl = url;
        draft.referrer = referrer;
        draft.sessionId = sessionId;
        draft.identifiers.webAnonymousId = cookie.id();
        if (loggedIn) {
            draft.identifiers.memberCard = person.memberCard();
        }
        return draft;
    }

    // ---------------------------------------------------------------- app

    private void appSessions()
    {
        GeneratorSettings settings = world.settings();
        List<Visit> visits = new ArrayList<>();
        for (long time : sessionTimes(poisson(1.8 * person.activity()) + (person.firstChannel().equals("app") ? 1 : 0))) {
            boolean onTablet = person.family() != null && random.nextInt(100) < 35;
            visits.add(new Visit(time, onTablet ? AppVisit.FAMILY_TABLET : AppVisit.OWN_DEVICE));
        }
        if (person.family() != null && visits.stream().noneMatch(visit -> visit.kind() == AppVisit.FAMILY_TABLET)) {
            visits.add(new Visit(sessionTime(), AppVisit.FAMILY_TABLET));
        }
        if (settings.enabled(Hazard.SHARED_STORE_DEVICE) && person.storeShopper() && person.memberCard() != null && random.nextInt(100) < 15) {
            visits.add(new Visit(storeTime(), AppVisit.STORE_IPAD));
        }
        RecycledPhone givenUp = world.recycledAsOldOwner(person.index());
        if (givenUp != null) {
            long span = givenUp.stopAt() - person.firstSeen() - Timestamps.MILLIS_PER_DAY;
            visits.add(new Visit(person.firstSeen() + random.nextLong(Math.max(1, span)), AppVisit.RECYCLED_BINDING));
        }
        RecycledPhone received = world.recycledAsNewOwner(person.index());
        if (received != null) {
            visits.add(new Visit(received.startAt() + random.nextLong(2 * Timestamps.MILLIS_PER_DAY), AppVisit.RECYCLED_BINDING));
        }
        visits.sort(Comparator.comparingLong(Visit::time));

        int ownSessions = 0;
        for (Visit visit : visits) {
            switch (visit.kind()) {
                case OWN_DEVICE -> ownDeviceSession(visit.time(), ownSessions++);
                case FAMILY_TABLET -> familyTabletSession(visit.time());
                case STORE_IPAD -> storeIpadSession(visit.time());
                case RECYCLED_BINDING -> recycledBinding(visit.time(), givenUp != null && visit.time() < givenUp.stopAt() ? givenUp : received);
            }
        }
    }

    private void ownDeviceSession(long time, int sessionNumber)
    {
        Device device = person.personalDeviceAt(time);
        int deviceIndex = person.devices().indexOf(device);
        EventDraft.ContextDraft context = drafts.appContext(device, time);
        String sessionId = "as_" + Ids.hex(random, 16);
        boolean member = person.memberCard() != null;

        if (random.nextInt(100) < 15) {
            EventDraft push = app(time, device, context, sessionId, "push_open", loggedInOnDevice[deviceIndex]);
            push.pushMessageId = "pm_" + Ids.hex(random, 12);
            out.emit(OmoSource.APP_EVENTS, push);
            time += step();
        }
        EventDraft open = app(time, device, context, sessionId, "app_open", loggedInOnDevice[deviceIndex]);
        open.screen = "home";
        out.emit(OmoSource.APP_EVENTS, open);
        time += step();

        if (member && !loggedInOnDevice[deviceIndex]) {
            EventDraft login = app(time, device, context, sessionId, "login", true);
            login.screen = "login";
            Phone phone = ids.phoneAt(time);
            if (person.hasWechat() && (phone == null || random.nextInt(100) < 30)) {
                // "log in with WeChat" gives the app the unionid
                login.identifiers.unionid = person.unionid();
                login.property("method", "wechat");
            }
            else if (phone != null) {
                ids.phone(login, phone, true);
                login.property("method", "sms_code");
            }
            else {
                login.property("method", "member_card");
            }
            out.emit(OmoSource.APP_EVENTS, login);
            loggedInOnDevice[deviceIndex] = true;
            time += step();
        }
        if (member && !phoneBoundInApp && sessionNumber >= 1 && random.nextInt(100) < 50) {
            Phone phone = ids.phoneAt(time);
            if (phone != null) {
                EventDraft bind = app(time, device, context, sessionId, "bind_phone", true);
                bind.screen = "member_center";
                ids.phone(bind, phone, true);
                out.emit(OmoSource.APP_EVENTS, bind);
                phoneBoundInApp = true;
                time += step();
            }
        }
        boolean loggedIn = loggedInOnDevice[deviceIndex];
        int screens = 1 + random.nextInt(4);
        Product last = null;
        for (int i = 0; i < screens; i++) {
            if (random.nextBoolean()) {
                last = product();
                EventDraft view = app(time, device, context, sessionId, "product_view", loggedIn);
                view.screen = "product_detail";
                view.productId = last.sku();
                out.emit(OmoSource.APP_EVENTS, view);
            }
            else {
                EventDraft view = app(time, device, context, sessionId, "screen_view", loggedIn);
                view.screen = APP_SCREENS[random.nextInt(APP_SCREENS.length)];
                out.emit(OmoSource.APP_EVENTS, view);
            }
            time += step();
        }
        if (last != null && random.nextInt(100) < 30) {
            EventDraft cart = app(time, device, context, sessionId, "add_to_cart", loggedIn);
            cart.screen = "product_detail";
            cart.productId = last.sku();
            cart.commerce = true;
            addOnlineLine(cart, last);
            cart.amountMinor = cart.items.get(0).lineTotalMinor();
            out.emit(OmoSource.APP_EVENTS, cart);
            time += step();
            if (loggedIn && random.nextInt(100) < 50) {
                EventDraft order = app(time, device, context, sessionId, "order", true);
                order.screen = "order_success";
                onlineOrder(order, last, time);
                out.emit(OmoSource.APP_EVENTS, order);
            }
        }
    }

    private void familyTabletSession(long time)
    {
        Device tablet = person.family().tablet();
        EventDraft.ContextDraft context = drafts.appContext(tablet, time);
        String sessionId = "as_" + Ids.hex(random, 16);
        EventDraft open = sharedApp(time, tablet, context, sessionId, "app_open");
        open.screen = "home";
        out.emit(OmoSource.APP_EVENTS, open);
        time += step();
        if (person.memberCard() == null) {
            return;
        }
        // family members switch accounts on the tablet, so every session starts with a login
        EventDraft login = sharedApp(time, tablet, context, sessionId, "login");
        login.screen = "login";
        login.identifiers.memberCard = person.memberCard();
        Phone phone = ids.phoneAt(time);
        if (phone != null) {
            ids.phone(login, phone, true);
        }
        login.property("method", phone != null ? "sms_code" : "member_card");
        out.emit(OmoSource.APP_EVENTS, login);
        time += step();
        int views = 1 + random.nextInt(3);
        for (int i = 0; i < views; i++) {
            Product product = product();
            EventDraft view = sharedApp(time, tablet, context, sessionId, "product_view");
            view.screen = "product_detail";
            view.productId = product.sku();
            view.identifiers.memberCard = person.memberCard();
            out.emit(OmoSource.APP_EVENTS, view);
            time += step();
        }
    }

    private void storeIpadSession(long time)
    {
        Store store = person.homeStore();
        EventDraft.ContextDraft context = drafts.storeContext(store, store.ipadTerminalId());
        context.channel = "app";
        context.appId = Brand.APP_BUNDLE_ID;
        context.appVersion = "6.5.0";
        context.platform = "ios";
        context.deviceModel = "iPad13,18";
        context.osVersion = "17.5";
        context.locale = "zh-CN";
        String sessionId = "as_" + Ids.hex(random, 16);
        HazardMark shared = new HazardMark(Hazard.SHARED_STORE_DEVICE, "store_ipad=" + store.storeId());

        EventDraft open = drafts.client("APP", time, false);
        open.context = context;
        open.eventType = "app_open";
        open.screen = "member_signup";
        open.sessionId = sessionId;
        open.identifiers.idfa = store.ipadIdfa();
        open.hazards.add(shared);
        out.emit(OmoSource.APP_EVENTS, open);
        time += step();

        // staff help the shopper join or log in; the shopper's phone receives the SMS code
        EventDraft login = drafts.client("APP", time, false);
        login.context = context;
        login.eventType = "login";
        login.screen = "member_signup";
        login.sessionId = sessionId;
        login.identifiers.idfa = store.ipadIdfa();
        login.identifiers.memberCard = person.memberCard();
        Phone phone = ids.phoneAt(time);
        if (phone != null) {
            ids.phone(login, phone, true);
        }
        login.property("method", phone != null ? "sms_code" : "member_card");
        login.property("assisted_by", staffId(store));
        login.hazards.add(shared);
        out.emit(OmoSource.APP_EVENTS, login);
    }

    private void recycledBinding(long time, RecycledPhone recycled)
    {
        Device device = person.personalDeviceAt(time);
        int deviceIndex = person.devices().indexOf(device);
        EventDraft.ContextDraft context = drafts.appContext(device, time);
        String sessionId = "as_" + Ids.hex(random, 16);
        EventDraft open = app(time, device, context, sessionId, "app_open", loggedInOnDevice[deviceIndex]);
        open.screen = "home";
        out.emit(OmoSource.APP_EVENTS, open);
        time += step();
        EventDraft bind = app(time, device, context, sessionId, person.memberCard() != null ? "bind_phone" : "login", person.memberCard() != null);
        bind.screen = "member_center";
        Phone phone = person.phones().stream().filter(candidate -> candidate.number().equals(recycled.number())).findFirst().orElseThrow();
        ids.phone(bind, phone, true);
        out.emit(OmoSource.APP_EVENTS, bind);
        loggedInOnDevice[deviceIndex] |= person.memberCard() != null;
    }

    private EventDraft app(long time, Device device, EventDraft.ContextDraft context, String sessionId, String type, boolean loggedIn)
    {
        EventDraft draft = drafts.client("APP", time, true);
        draft.context = context;
        draft.eventType = type;
        draft.sessionId = sessionId;
        ids.device(draft, device);
        if (loggedIn) {
            draft.identifiers.memberCard = person.memberCard();
        }
        return draft;
    }

    private EventDraft sharedApp(long time, Device tablet, EventDraft.ContextDraft context, String sessionId, String type)
    {
        EventDraft draft = drafts.client("APP", time, false);
        draft.context = context;
        draft.eventType = type;
        draft.sessionId = sessionId;
        ids.device(draft, tablet);
        return draft;
    }

    // ---------------------------------------------------------------- WeChat

    private void wechatSessions()
    {
        List<String> miniApps = new ArrayList<>(2);
        for (int i = 0; i < 2; i++) {
            if (person.openids().get(i) != null) {
                miniApps.add(Brand.WECHAT_APPIDS[i]);
            }
        }
        List<Visit> visits = new ArrayList<>();
        if (!miniApps.isEmpty()) {
            for (long time : sessionTimes(poisson(1.5 * person.activity()) + (person.firstChannel().equals("mini_program") ? 1 : 0))) {
                visits.add(new Visit(time, null));
            }
        }
        long followAt = person.officialAccount() ? sessionTime() : Long.MIN_VALUE;
        boolean followed = !person.officialAccount();
        int session = 0;
        for (Visit visit : visits) {
            if (!followed && followAt <= visit.time()) {
                follow(followAt);
                followed = true;
            }
            String appid = miniApps.size() == 1 || random.nextInt(100) < 70 ? miniApps.get(0) : miniApps.get(1);
            miniSession(visit.time(), appid, session++);
        }
        if (!followed) {
            follow(followAt);
        }
    }

    private void miniSession(long time, String appid, int sessionNumber)
    {
        int app = appid.equals(Brand.MINI_MALL_APPID) ? 0 : 1;
        EventDraft.ContextDraft context = drafts.wechatContext("mini_program", appid, time);
        String sessionId = "ms_" + Ids.hex(random, 16);

        EventDraft launch = mini(time, appid, context, sessionId, "launch");
        launch.scene = SCENES[random.nextInt(SCENES.length)];
        launch.pagePath = "pages/index/index";
        out.emit(OmoSource.MINI_PROGRAM_EVENTS, launch);
        time += step();

        if (!wechatAuthorized[app] && (sessionNumber == 0 || random.nextInt(100) < 30) && random.nextInt(100) < 70) {
            Phone phone = ids.phoneAt(time);
            if (phone != null) {
                // the user taps "allow" on WeChat's phone number sheet: unionid, openid and phone together
                wechatAuthorized[app] = true;
                EventDraft authorize = mini(time, appid, context, sessionId, "authorize_phone");
                authorize.pagePath = "pages/member/index";
                ids.phone(authorize, phone, true);
                out.emit(OmoSource.MINI_PROGRAM_EVENTS, authorize);
                time += step();
            }
        }
        int pages = 1 + random.nextInt(3);
        Product last = null;
        for (int i = 0; i < pages; i++) {
            if (random.nextBoolean()) {
                last = product();
                EventDraft view = mini(time, appid, context, sessionId, "product_view");
                view.pagePath = "pages/goods/detail";
                view.productId = last.sku();
                out.emit(OmoSource.MINI_PROGRAM_EVENTS, view);
            }
            else {
                EventDraft view = mini(time, appid, context, sessionId, "page_view");
                view.pagePath = MINI_PAGES[random.nextInt(MINI_PAGES.length)];
                out.emit(OmoSource.MINI_PROGRAM_EVENTS, view);
            }
            time += step();
        }
        if (last != null && random.nextInt(100) < 25) {
            EventDraft cart = mini(time, appid, context, sessionId, "add_to_cart");
            cart.pagePath = "pages/goods/detail";
            cart.productId = last.sku();
            cart.commerce = true;
            addOnlineLine(cart, last);
            cart.amountMinor = cart.items.get(0).lineTotalMinor();
            out.emit(OmoSource.MINI_PROGRAM_EVENTS, cart);
            time += step();
            if (random.nextInt(100) < 45) {
                EventDraft order = mini(time, appid, context, sessionId, "order");
                order.pagePath = "pages/order/confirm";
                onlineOrder(order, last, time);
                out.emit(OmoSource.MINI_PROGRAM_EVENTS, order);
                time += step();
            }
        }
        if (random.nextInt(100) < 12) {
            EventDraft subscribe = mini(time, appid, context, sessionId, "subscribe_message");
            subscribe.pagePath = "pages/order/confirm";
            subscribe.property("template_id", random.nextBoolean() ? "tmpl_order_shipped" : "tmpl_coupon_expiry");
            subscribe.property("result", random.nextInt(100) < 80 ? "accept" : "reject");
            out.emit(OmoSource.MINI_PROGRAM_EVENTS, subscribe);
        }
    }

    private EventDraft mini(long time, String appid, EventDraft.ContextDraft context, String sessionId, String type)
    {
        int app = appid.equals(Brand.MINI_MALL_APPID) ? 0 : 1;
        EventDraft draft = drafts.client("MINI_PROGRAM", time, false);
        draft.context = context;
        draft.eventType = type;
        draft.sessionId = sessionId;
        // after the user authorised, the mini-program's backend knows the unionid and the member
        ids.wechat(draft, appid, wechatAuthorized[app]);
        if (wechatAuthorized[app]) {
            draft.identifiers.memberCard = person.memberCard();
        }
        return draft;
    }

    private void follow(long time)
    {
        EventDraft draft = drafts.client("OFFICIAL_ACCOUNT", time, false);
        draft.context = drafts.wechatContext("official_account", Brand.OFFICIAL_ACCOUNT_APPID, time);
        draft.eventType = "follow";
        // the official account's follow callback carries the unionid once the brand's accounts are bound
        ids.wechat(draft, Brand.OFFICIAL_ACCOUNT_APPID, true);
        draft.property("qr_scene", random.nextBoolean() ? "store_poster" : "menu");
        out.emit(OmoSource.MINI_PROGRAM_EVENTS, draft);
    }

    // ---------------------------------------------------------------- stores

    private void storeVisits()
    {
        long[] times = new long[poisson(1.8 * person.activity()) + (person.firstChannel().equals("store") ? 1 : 0)];
        for (int i = 0; i < times.length; i++) {
            times[i] = storeTime();
        }
        java.util.Arrays.sort(times);
        for (long time : times) {
            Store store = random.nextInt(100) < 80 ? person.homeStore() : world.stores().get(random.nextInt(world.stores().size()));
            int terminal = random.nextInt(store.terminalIds().size());
            EventDraft sale = basket(time, store, terminal, "SALE");
            int lines = 1 + random.nextInt(6);
            for (int i = 0; i < lines; i++) {
                addStoreLine(sale, product(), 1);
            }
            total(sale);
            out.emit(OmoSource.POS_TRANSACTIONS, sale);
            if (random.nextInt(100) < 4) {
                long returnTime = time + Timestamps.MILLIS_PER_DAY * (1 + random.nextInt(7));
                if (returnTime < world.endMillis()) {
                    EventDraft refund = basket(returnTime, store, random.nextInt(store.terminalIds().size()), "RETURN");
                    EventDraft.LineDraft line = sale.items.get(random.nextInt(sale.items.size()));
                    refund.items.add(new EventDraft.LineDraft(line.sku(), line.productName(), line.category(), -line.quantityMillis(), line.unitPriceMinor(), line.discountMinor(), -line.lineTotalMinor()));
                    refund.property("original_transaction_id", sale.transactionId);
                    total(refund);
                    out.emit(OmoSource.POS_TRANSACTIONS, refund);
                }
            }
        }
    }

    private EventDraft basket(long time, Store store, int terminal, String type)
    {
        String terminalId = store.terminalIds().get(terminal);
        String transactionId = "R" + Timestamps.compactLocalDate(time) + "-" + Ids.pad(terminal + 1, 2) + "-" + Ids.pad((long) person.index() * 64 + receiptSequence++, 9);
        EventDraft draft = drafts.server("POS", "pos-" + store.storeId() + "-" + transactionId, time);
        draft.context = drafts.storeContext(store, terminalId);
        draft.transactionId = transactionId;
        draft.transactionType = type;
        draft.storeId = store.storeId();
        draft.terminalId = terminalId;
        draft.cashierId = staffId(store);
        draft.paymentMethod = weighted(PAYMENT_METHODS, PAYMENT_WEIGHTS);

        boolean placeholderOn = world.settings().enabled(Hazard.PLACEHOLDER_PHONE);
        Phone phone = ids.phoneAt(time);
        if (person.memberCard() != null && random.nextInt(100) < 75) {
            draft.identifiers.memberCard = person.memberCard();
            // some cashiers also key in the phone to look the member up
            if (random.nextInt(100) < 20) {
                if (phone != null) {
                    ids.phone(draft, phone, false);
                }
                else if (placeholderOn) {
                    ids.placeholderPhone(draft);
                }
            }
        }
        else if (phone != null && random.nextInt(100) < 50) {
            if (placeholderOn && random.nextInt(100) < 2) {
                ids.placeholderPhone(draft);
            }
            else {
                ids.phone(draft, phone, false);
            }
        }
        else if (phone == null && placeholderOn && random.nextInt(100) < 60) {
            ids.placeholderPhone(draft);
        }
        switch (draft.paymentMethod) {
            case "bank_card" -> draft.identifiers.paymentToken = person.paymentTokens().get(random.nextInt(person.paymentTokens().size()));
            case "alipay" -> draft.identifiers.alipayId = person.alipayId();
            default -> {}
        }
        String androidId = store.terminalAndroidIds().get(terminal);
        if (androidId != null) {
            // smart POS software reports the terminal's own device id with every basket
            draft.identifiers.androidId = androidId;
            draft.hazards.add(new HazardMark(Hazard.SHARED_STORE_DEVICE, "pos_terminal=" + terminalId));
        }
        return draft;
    }

    private void total(EventDraft draft)
    {
        long total = 0;
        for (EventDraft.LineDraft line : draft.items) {
            total += line.lineTotalMinor();
        }
        draft.totalMinor = total;
        if (draft.identifiers.memberCard != null && total > 0) {
            draft.property("points_earned", Long.toString(total / 100));
        }
    }

    private void addStoreLine(EventDraft draft, Product product, int maxUnits)
    {
        long quantityMillis = product.weighed() ? 200 + random.nextInt(2300) : 1000L * (1 + random.nextInt(maxUnits + 2));
        long gross = Math.round(product.unitPriceMinor() * (quantityMillis / 1000.0));
        long discount = random.nextInt(100) < 20 ? gross / 10 : 0;
        draft.items.add(new EventDraft.LineDraft(product.sku(), product.name(), product.category(), quantityMillis, product.unitPriceMinor(), discount, gross - discount));
    }

    private void addOnlineLine(EventDraft draft, Product product)
    {
        long quantityMillis = 1000L * (1 + random.nextInt(2));
        long gross = Math.round(product.unitPriceMinor() * (quantityMillis / 1000.0));
        long discount = random.nextInt(100) < 30 ? gross / 20 : 0;
        draft.items.add(new EventDraft.LineDraft(product.sku(), product.name(), product.category(), quantityMillis, product.unitPriceMinor(), discount, gross - discount));
    }

    private void onlineOrder(EventDraft order, Product carted, long time)
    {
        order.commerce = true;
        order.orderId = "SO" + Timestamps.compactLocalDate(time) + Ids.pad((long) person.index() * 256 + orderSequence++, 10);
        addOnlineLine(order, carted);
        int more = random.nextInt(3);
        for (int i = 0; i < more; i++) {
            addOnlineLine(order, product());
        }
        long amount = 0;
        for (EventDraft.LineDraft line : order.items) {
            amount += line.lineTotalMinor();
        }
        order.amountMinor = amount;
        if (random.nextInt(100) < 20) {
            // click-and-collect orders are attributed to the pickup store
            if (order.context != null) {
                EventDraft.ContextDraft attributed = copy(order.context);
                attributed.storeId = person.homeStore().storeId();
                order.context = attributed;
            }
            order.property("fulfilment", "store_pickup");
        }
    }

    private static EventDraft.ContextDraft copy(EventDraft.ContextDraft from)
    {
        EventDraft.ContextDraft to = new EventDraft.ContextDraft();
        to.channel = from.channel;
        to.storeId = from.storeId;
        to.terminalId = from.terminalId;
        to.appId = from.appId;
        to.appVersion = from.appVersion;
        to.platform = from.platform;
        to.deviceModel = from.deviceModel;
        to.osVersion = from.osVersion;
        to.userAgent = from.userAgent;
        to.locale = from.locale;
        to.province = from.province;
        to.city = from.city;
        to.latitudeMicros = from.latitudeMicros;
        to.longitudeMicros = from.longitudeMicros;
        return to;
    }

    // ---------------------------------------------------------------- time and dice

    private long[] sessionTimes(int count)
    {
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = sessionTime();
        }
        java.util.Arrays.sort(times);
        return times;
    }

    /** A moment in the person's active period, mostly in waking hours, leaving room for a session. */
    private long sessionTime()
    {
        long latest = person.lastSeen() - 30 * MINUTE;
        long span = Math.max(1, latest - person.firstSeen());
        long time = person.firstSeen() + random.nextLong(span);
        int hour = Timestamps.localHour(time);
        if (hour < 7) {
            time += (7 + random.nextInt(14) - hour) * Timestamps.MILLIS_PER_HOUR;
        }
        return Math.max(person.firstSeen(), Math.min(time, latest));
    }

    /** A moment during store opening hours (09:00-22:00 local) in the person's active period. */
    private long storeTime()
    {
        long time = sessionTime();
        long localMidnight = time - Math.floorMod(time + 8 * Timestamps.MILLIS_PER_HOUR, Timestamps.MILLIS_PER_DAY);
        time = localMidnight + (9 + random.nextInt(13)) * Timestamps.MILLIS_PER_HOUR + random.nextLong(Timestamps.MILLIS_PER_HOUR);
        if (time >= person.lastSeen()) {
            time -= Timestamps.MILLIS_PER_DAY;
        }
        return Math.max(time, person.firstSeen());
    }

    private long step()
    {
        return 3_000 + random.nextLong(90_000);
    }

    private Product product()
    {
        return world.products().get(random.nextInt(world.products().size()));
    }

    private String staffId(Store store)
    {
        return store.storeId() + "-C" + Ids.pad(1 + random.nextInt(store.cashiers()), 2);
    }

    private String weighted(String[] values, int[] weights)
    {
        int roll = random.nextInt(100);
        for (int i = 0; i < values.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private int poisson(double mean)
    {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
