package org.opencdp.launcher.cli;

import java.util.concurrent.Callable;
import org.opencdp.launcher.Cdp;
import org.opencdp.platform.config.CdpProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "config", description = "Show the effective configuration (secrets masked), or every key with --keys.")
public final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    Cdp cdp;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--keys", description = "List every configuration key, its environment variable and default as a markdown table.")
    boolean keys;

    @Override
    public Integer call() {
        if (keys) {
            var out = spec.commandLine().getOut();
            out.println("| key | environment variable | default | description |");
            out.println("|---|---|---|---|");
            for (CdpProperties.Definition definition : CdpProperties.definitions().values()) {
                out.printf("| `%s` | `%s` | %s | %s |%n", definition.key(), CdpProperties.environmentVariable(definition.key()),
                        definition.defaultValue().isEmpty() ? "" : "`" + definition.defaultValue() + "`", definition.description());
            }
            return Cdp.EXIT_OK;
        }
        spec.commandLine().getOut().println(cdp.config().describe());
        return Cdp.EXIT_OK;
    }
}
