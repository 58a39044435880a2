package org.opencdp.platform.generator;

/**
 * The fictional retailer's channels: the ids its web shop, app, mini-programs and official account
 * report. Fixed so ingestion can be configured with them.
 */
final class Brand
{
    static final String WEB_SITE_ID = "web-shop";
    static final String WEB_BASE_URL = "https://m.shop.example.cn";
    static final String APP_BUNDLE_ID = "cn.example.shop";
    /** Mini-program "mall": browsing and ordering. */
    static final String MINI_MALL_APPID = "wx3f2a9c1b7d4e5a60";
    /** Mini-program "member center": member card, coupons, points. */
    static final String MINI_MEMBER_APPID = "wx8b1e4d2c6a9f0375";
    /** The brand's WeChat official account. */
    static final String OFFICIAL_ACCOUNT_APPID = "wx5c7e0a3b9d2f1864";
    /** The WeChat apps a person can have an openid in, in ground-truth order. */
    static final String[] WECHAT_APPIDS = {MINI_MALL_APPID, MINI_MEMBER_APPID, OFFICIAL_ACCOUNT_APPID};

    private Brand() {}
}
