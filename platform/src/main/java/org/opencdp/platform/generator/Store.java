package org.opencdp.platform.generator;

import java.util.ArrayList;
import java.util.List;

import static java.util.Collections.unmodifiableList;
import static java.util.Objects.requireNonNull;

/**
 * A physical store with its POS terminals and, when shared store devices are on, the iPad members sign
 * up on and the device ids its smart POS terminals report.
 *
 * @param terminalAndroidIds android_id reported by each terminal's POS software, null for classic terminals
 * @param ipadIdfa IDFA of the store's sign-up iPad, null when shared store devices are off
 */
record Store(String storeId, String city, String province, long latitudeMicros, long longitudeMicros, List<String> terminalIds, List<String> terminalAndroidIds, String ipadIdfa, int cashiers)
{
    Store
    {
        requireNonNull(storeId, "storeId is null");
        requireNonNull(city, "city is null");
        requireNonNull(province, "province is null");
        terminalIds = List.copyOf(terminalIds);
        // nulls mark classic terminals, so no List.copyOf
        terminalAndroidIds = unmodifiableList(new ArrayList<>(terminalAndroidIds));
        if (terminalIds.size() != terminalAndroidIds.size()) {
            throw new IllegalArgumentException("one android id slot per terminal expected in store " + storeId);
        }
    }

    String ipadTerminalId()
    {
        return storeId + "-PAD1";
    }
}
