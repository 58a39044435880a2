package org.opencdp.identity.ids;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opencdp.identity.edge.IdentifierKey;

/**
 * The member ids of one run: identifier to member id, the live members, the aliases (retired id to record) and
 * every id ever issued (never reissued). Immutable; this is the state an engine keeps between runs.
 */
public final class MemberAssignment {
    private static final MemberAssignment EMPTY = new MemberAssignment(Map.of(), Map.of(), Map.of(), Set.of());

    private final Map<IdentifierKey, String> memberOf;
    private final Map<String, MemberInfo> members;
    private final Map<String, AliasRecord> aliases;
    private final Set<String> issuedIds;
    private final Map<IdentifierKey, List<AliasRecord>> aliasesByAnchor;

    /** Copies and checks the maps: every assigned member id must be live. */
    public MemberAssignment(Map<IdentifierKey, String> memberOf, Map<String, MemberInfo> members, Map<String, AliasRecord> aliases, Set<String> issuedIds) {
        this(Map.copyOf(requireNonNull(memberOf, "memberOf is null")),
                Map.copyOf(requireNonNull(members, "members is null")),
                Map.copyOf(requireNonNull(aliases, "aliases is null")),
                withLiveIds(requireNonNull(issuedIds, "issuedIds is null"), members, aliases),
                true);
        for (Map.Entry<IdentifierKey, String> entry : this.memberOf.entrySet()) {
            if (!this.members.containsKey(entry.getValue())) {
                throw new IllegalArgumentException("identifier %s is assigned to %s, which is not a live member".formatted(entry.getKey(), entry.getValue()));
            }
        }
    }

    // takes ownership of maps built by MemberIdAssigner, which never touches them again: a run over a small
    // region must not pay for copying the whole assignment twice
    private MemberAssignment(Map<IdentifierKey, String> memberOf, Map<String, MemberInfo> members, Map<String, AliasRecord> aliases, Set<String> issuedIds, boolean owned) {
        // owned: the maps are this object's alone
        this.memberOf = Collections.unmodifiableMap(memberOf);
        this.members = Collections.unmodifiableMap(members);
        this.aliases = Collections.unmodifiableMap(aliases);
        this.issuedIds = Collections.unmodifiableSet(issuedIds);
        Map<IdentifierKey, List<AliasRecord>> byAnchor = new HashMap<>();
        for (AliasRecord alias : this.aliases.values()) {
            byAnchor.computeIfAbsent(alias.aliasAnchor(), a -> new ArrayList<>()).add(alias);
        }
        this.aliasesByAnchor = byAnchor;
    }

    static MemberAssignment owning(Map<IdentifierKey, String> memberOf, Map<String, MemberInfo> members, Map<String, AliasRecord> aliases, Set<String> issuedIds) {
        issuedIds.addAll(members.keySet());
        issuedIds.addAll(aliases.keySet());
        return new MemberAssignment(memberOf, members, aliases, issuedIds, true);
    }

    private static Set<String> withLiveIds(Set<String> issuedIds, Map<String, MemberInfo> members, Map<String, AliasRecord> aliases) {
        Set<String> issued = new HashSet<>(issuedIds);
        issued.addAll(members.keySet());
        issued.addAll(aliases.keySet());
        return issued;
    }

    public static MemberAssignment empty() {
        return EMPTY;
    }

    public Optional<String> memberOf(IdentifierKey key) {
        return Optional.ofNullable(memberOf.get(key));
    }

    public Map<IdentifierKey, String> memberIds() {
        return memberOf;
    }

    public Map<String, MemberInfo> members() {
        return members;
    }

    public Map<String, AliasRecord> aliases() {
        return aliases;
    }

    public Set<String> issuedIds() {
        return issuedIds;
    }

    public List<AliasRecord> aliasesAnchoredAt(IdentifierKey key) {
        return aliasesByAnchor.getOrDefault(key, List.of());
    }

    /** The live id an id stands for today: itself when live, the end of its alias chain when retired. */
    public Optional<String> resolve(String memberId) {
        String current = requireNonNull(memberId, "memberId is null");
        for (int hops = 0; hops <= aliases.size(); hops++) {
            if (members.containsKey(current)) {
                return Optional.of(current);
            }
            AliasRecord alias = aliases.get(current);
            if (alias == null) {
                return Optional.empty();
            }
            current = alias.memberId();
        }
        throw new IllegalStateException("alias chain of %s has a cycle".formatted(memberId));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemberAssignment other
                && memberOf.equals(other.memberOf)
                && members.equals(other.members)
                && aliases.equals(other.aliases)
                && issuedIds.equals(other.issuedIds);
    }

    @Override
    public int hashCode() {
        return memberOf.hashCode() * 31 + members.hashCode();
    }

    @Override
    public String toString() {
        return "MemberAssignment[%d identifiers, %d members, %d aliases]".formatted(memberOf.size(), members.size(), aliases.size());
    }
}
