package org.opencdp.platform.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of one event before it becomes a JSON line. Mutable and confined to the thread generating
 * one person; only the fields of the event's own Avro contract are written.
 */
final class EventDraft
{
    // common envelope
    String eventId;
    String source;
    long eventTime;
    Long sentAt;
    final IdentifiersDraft identifiers = new IdentifiersDraft();
    ContextDraft context;
    List<String> properties; // key, value, key, value...
    final List<HazardMark> hazards = new ArrayList<>(2);

    // web, app and mini-program
    String eventType;
    String pageUrl;
    String referrer;
    String sessionId;
    String productId;
    String searchQuery;
    String screen;
    String pushMessageId;
    String pagePath;
    Integer scene;
    String orderId;
    Long amountMinor;
    boolean commerce;

    // POS
    String transactionId;
    String transactionType;
    String storeId;
    String terminalId;
    String cashierId;
    long totalMinor;
    String paymentMethod;

    // web/app/mini-program commerce lines and POS basket lines
    final List<LineDraft> items = new ArrayList<>(4);

    // consent
    String purpose;
    String channel;
    String recipient;
    String action;
    String policyVersion;
    Boolean subjectIsMinor;
    boolean guardianConsent;
    String evidenceMethod;
    String evidenceTextHash;
    String evidenceStaffId;
    String evidenceReference;

    EventDraft property(String key, String value)
    {
        if (properties == null) {
            properties = new ArrayList<>(4);
        }
        properties.add(key);
        properties.add(value);
        return this;
    }

    static final class IdentifiersDraft
    {
        String memberCard;
        String phone;
        boolean phoneVerified;
        String unionid;
        String openid;
        String appid;
        String alipayId;
        String email;
        String oaid;
        String idfa;
        String androidId;
        String webAnonymousId;
        String paymentToken;

        void device(Device device)
        {
            oaid = device.oaid();
            idfa = device.idfa();
            androidId = device.androidId();
        }
    }

    static final class ContextDraft
    {
        String channel;
        String storeId;
        String terminalId;
        String appId;
        String appVersion;
        String platform;
        String deviceModel;
        String osVersion;
        String userAgent;
        String locale;
        String province;
        String city;
        Long latitudeMicros;
        Long longitudeMicros;
    }

    /**
     * @param quantityMillis quantity in thousandths, so weighed goods print exactly (0.532 kg)
     */
    record LineDraft(String sku, String productName, String category, long quantityMillis, long unitPriceMinor, long discountMinor, long lineTotalMinor) {}
}
