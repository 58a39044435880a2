package org.opencdp.schemas.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the current schemas, fully resolved, as the released baseline of the compatibility gate.
 * Run at release time; the command is in the module README.
 */
public final class ReleaseSchemas {
    private ReleaseSchemas() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ReleaseSchemas <released-dir>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Contract contract : Contract.values()) {
            Files.writeString(dir.resolve(contract.schemaName() + ".avsc"), contract.schema().toString(true) + "\n");
        }
    }
}
