package org.opencdp.ingestion.decode;

/**
 * Position in the payload, rendered only when something is rejected (e.g. {@code commerce.items[2].sku}),
 * so the happy path allocates one small node per field and builds no strings.
 */
record FieldPath(FieldPath parent, String name, int index) {
    static FieldPath field(FieldPath parent, String name) {
        return new FieldPath(parent, name, -1);
    }

    static FieldPath element(FieldPath parent, int index) {
        return new FieldPath(parent, null, index);
    }

    @Override
    public String toString() {
        StringBuilder builder = new StringBuilder();
        append(builder);
        return builder.toString();
    }

    private void append(StringBuilder builder) {
        if (parent != null) {
            parent.append(builder);
        }
        if (name != null) {
            if (!builder.isEmpty()) {
                builder.append('.');
            }
            builder.append(name);
        } else {
            builder.append('[').append(index).append(']');
        }
    }
}
