package org.opencdp.platform.generator;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One person and every line generated for them, in output order.
 */
record PersonOutput(Person person, List<GeneratedRecord> records)
{
    PersonOutput
    {
        requireNonNull(person, "person is null");
        records = List.copyOf(records);
    }
}
