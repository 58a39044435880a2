package org.opencdp.platform.generator;

import org.apache.avro.Schema;
import org.opencdp.schemas.contract.Contract;

import static java.util.Objects.requireNonNull;

/**
 * One stream of generated records: what one kind of client sends, with the Avro contract its JSON
 * field names follow.
 */
public enum OmoSource
{
    WEB_EVENTS("web_events", Contract.WEB_EVENT),
    APP_EVENTS("app_events", Contract.APP_EVENT),
    MINI_PROGRAM_EVENTS("mini_program_events", Contract.MINI_PROGRAM_EVENT),
    POS_TRANSACTIONS("pos_transactions", Contract.POS_TRANSACTION),
    CONSENT_EVENTS("consent_events", Contract.CONSENT_EVENT);

    private final String sourceName;
    private final Contract contract;

    OmoSource(String sourceName, Contract contract)
    {
        this.sourceName = requireNonNull(sourceName, "sourceName is null");
        this.contract = requireNonNull(contract, "contract is null");
    }

    /** Short name, e.g. {@code web_events}; also the file name without {@code .jsonl}. */
    public String sourceName()
    {
        return sourceName;
    }

    /** File name in the output directory, e.g. {@code web_events.jsonl}. */
    public String fileName()
    {
        return sourceName + ".jsonl";
    }

    /** The contract whose Avro field names the JSON lines use. */
    public Contract contract()
    {
        return contract;
    }

    public Schema schema()
    {
        return contract.schema();
    }

    public static OmoSource fromSourceName(String sourceName)
    {
        requireNonNull(sourceName, "sourceName is null");
        for (OmoSource source : values()) {
            if (source.sourceName.equals(sourceName) || source.fileName().equals(sourceName)) {
                return source;
            }
        }
        throw new IllegalArgumentException("Unknown generated source '%s'; expected one of web_events, app_events, mini_program_events, pos_transactions, consent_events".formatted(sourceName));
    }
}
