package org.opencdp.platform.generator;

import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * Starts one person's event drafts: event id, times as the client reports them, and the common context.
 */
final class DraftFactory
{
    private static final String[] APP_VERSIONS = {"6.3.0", "6.4.1", "6.5.0"};
    private static final String[] MINI_VERSIONS = {"2.7.3", "2.8.0", "2.8.1"};

    private final World world;
    private final Person person;
    private final SplittableRandom random;
    private final boolean lateEvents;

    DraftFactory(World world, Person person, SplittableRandom random)
    {
        this.world = requireNonNull(world, "world is null");
        this.person = requireNonNull(person, "person is null");
        this.random = requireNonNull(random, "random is null");
        this.lateEvents = world.settings().enabled(Hazard.LATE_EVENT);
    }

    /**
     * An event from a client SDK: sent a few seconds after it happened, sometimes days later, and with
     * the person's clock skew when it comes from the person's own device or browser.
     */
    EventDraft client(String source, long time, boolean ownClock)
    {
        EventDraft draft = new EventDraft();
        draft.eventId = Ids.uuid(random);
        draft.source = source;
        long sentAt = time + 200 + random.nextInt(30_000);
        if (lateEvents && random.nextInt(100) < 2) {
            long delay = 2 * Timestamps.MILLIS_PER_DAY + random.nextLong(13 * Timestamps.MILLIS_PER_DAY);
            sentAt = time + delay;
            draft.hazards.add(new HazardMark(Hazard.LATE_EVENT, "delay_ms=" + delay));
        }
        if (ownClock && person.clockSkewMillis() != 0) {
            time += person.clockSkewMillis();
            sentAt += person.clockSkewMillis();
            draft.hazards.add(new HazardMark(Hazard.CLOCK_SKEW, "skew_ms=" + person.clockSkewMillis()));
        }
        draft.eventTime = time;
        draft.sentAt = sentAt;
        return draft;
    }

    /** An event recorded by the brand's own systems (POS, back office): no client clock involved. */
    EventDraft server(String source, String eventId, long time)
    {
        EventDraft draft = new EventDraft();
        draft.eventId = eventId;
        draft.source = source;
        draft.eventTime = time;
        return draft;
    }

    EventDraft.ContextDraft webContext(Cookie cookie)
    {
        EventDraft.ContextDraft context = located("web");
        context.appId = Brand.WEB_SITE_ID;
        context.appVersion = "web-sdk 3.4.2";
        context.platform = "web";
        context.userAgent = UserAgents.forCookie(cookie.id());
        context.locale = "zh-CN";
        return context;
    }

    EventDraft.ContextDraft appContext(Device device, long time)
    {
        EventDraft.ContextDraft context = located("app");
        context.appId = Brand.APP_BUNDLE_ID;
        context.appVersion = versionAt(APP_VERSIONS, time);
        context.platform = device.platform();
        context.deviceModel = device.model();
        context.osVersion = device.osVersion();
        context.locale = "zh-CN";
        if (random.nextInt(100) < 30) {
            context.latitudeMicros = person.homeStore().latitudeMicros() + random.nextInt(-40_000, 40_000);
            context.longitudeMicros = person.homeStore().longitudeMicros() + random.nextInt(-40_000, 40_000);
        }
        return context;
    }

    EventDraft.ContextDraft wechatContext(String channel, String appid, long time)
    {
        EventDraft.ContextDraft context = located(channel);
        context.appId = appid;
        context.appVersion = versionAt(MINI_VERSIONS, time);
        context.platform = "wechat";
        Device device = person.personalDeviceAt(time);
        if (device != null) {
            context.deviceModel = device.model();
            context.osVersion = device.osVersion();
        }
        // WeChat reports its own language setting, with an underscore
        context.locale = "zh_CN";
        return context;
    }

    EventDraft.ContextDraft storeContext(Store store, String terminalId)
    {
        EventDraft.ContextDraft context = new EventDraft.ContextDraft();
        context.channel = "store";
        context.storeId = store.storeId();
        context.terminalId = terminalId;
        context.platform = "pos";
        context.province = store.province();
        context.city = store.city();
        return context;
    }

    private EventDraft.ContextDraft located(String channel)
    {
        EventDraft.ContextDraft context = new EventDraft.ContextDraft();
        context.channel = channel;
        // IP lookup usually finds the home city; travel and mobile networks sometimes place it elsewhere
        Store place = random.nextInt(100) < 90 ? person.homeStore() : world.stores().get(random.nextInt(world.stores().size()));
        context.province = place.province();
        context.city = place.city();
        return context;
    }

    private String versionAt(String[] versions, long time)
    {
        long span = world.endMillis() - world.startMillis();
        int index = (int) Math.min(versions.length - 1, Math.max(0, (time - world.startMillis()) * versions.length / span));
        // some people never update
        return random.nextInt(100) < 15 ? versions[0] : versions[index];
    }
}
