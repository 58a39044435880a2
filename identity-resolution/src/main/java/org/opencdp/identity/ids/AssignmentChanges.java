package org.opencdp.identity.ids;

import java.util.List;

/** What one run changed in the member ids; what an engine writes to the alias and history tables. */
public record AssignmentChanges(List<MemberInfo> created, List<AliasRecord> aliased, List<SplitRecord> splits, List<String> revived, List<String> retired) {
    public AssignmentChanges {
        created = List.copyOf(created);
        aliased = List.copyOf(aliased);
        splits = List.copyOf(splits);
        revived = List.copyOf(revived);
        retired = List.copyOf(retired);
    }

    public static AssignmentChanges none() {
        return new AssignmentChanges(List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
