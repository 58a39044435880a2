package org.opencdp.batch.identity;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.opencdp.identity.cluster.BadMarks;
import org.opencdp.identity.cluster.ComponentResolver;
import org.opencdp.identity.cluster.IdentifierAssessor;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.rules.IdentityRules;

import static java.util.Objects.requireNonNull;

/**
 * What Spark functions need from the core, in a form that travels to executors: the rule overrides (the core
 * parses them once per JVM) and the operator's bad marks.
 */
public final class RuleContext
        implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final Properties ruleOverrides;
    private final HashMap<String, String> badEdges;
    private final HashMap<String, String> badIdentifiers;
    private transient IdentityRules rules;
    private transient BadMarks marks;

    public RuleContext(Properties ruleOverrides, BadMarks marks)
    {
        this.ruleOverrides = new Properties();
        this.ruleOverrides.putAll(requireNonNull(ruleOverrides, "ruleOverrides is null"));
        this.badEdges = new HashMap<>(marks.badEdges());
        this.badIdentifiers = new HashMap<>();
        marks.badIdentifiers().forEach((key, reason) -> badIdentifiers.put(key.toString(), reason));
        // fail here, on the driver, on bad rules
        rules();
    }

    public IdentityRules rules()
    {
        if (rules == null) {
            rules = IdentityRules.load(ruleOverrides);
        }
        return rules;
    }

    public BadMarks marks()
    {
        if (marks == null) {
            Map<IdentifierKey, String> identifiers = new HashMap<>();
            badIdentifiers.forEach((key, reason) -> identifiers.put(IdentifierKey.parse(key), reason));
            marks = new BadMarks(badEdges, identifiers);
        }
        return marks;
    }

    public RuleContext withMarks(BadMarks other)
    {
        return new RuleContext(ruleOverrides, other);
    }

    public Properties ruleOverrides()
    {
        Properties copy = new Properties();
        copy.putAll(ruleOverrides);
        return copy;
    }

    public IdentifierAssessor assessor()
    {
        return new IdentifierAssessor(rules());
    }

    public ComponentResolver resolver()
    {
        return new ComponentResolver(rules());
    }
}
