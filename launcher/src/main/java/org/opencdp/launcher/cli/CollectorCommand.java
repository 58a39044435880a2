package org.opencdp.launcher.cli;

import org.opencdp.launcher.edge.EdgePipelines;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.ingestion.collector.CollectorServer;
import org.opencdp.ingestion.collector.CreatedWriteKey;
import org.opencdp.ingestion.collector.WriteKey;
import org.opencdp.ingestion.collector.WriteKeyStore;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.kafka.TopicAdmin;
import org.opencdp.ingestion.vault.SqliteContactVault;
import org.opencdp.launcher.Cdp;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.config.CollectorSettings;
import org.opencdp.platform.config.KafkaSettings;
import org.opencdp.schemas.contract.Contract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "collector", description = {
        "Run the HTTP event collector (POST /v1/events, /health, /ready, /metrics) until stopped.",
        "Uses kafka.bootstrap-servers, or starts the embedded broker when it is empty. Write keys: cdp collector keys."},
        subcommands = CollectorCommand.Keys.class)
public final class CollectorCommand implements Callable<Integer> {
    @ParentCommand
    Cdp cdp;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "Listen port (default: collector.port, 8088; 0 picks a free port).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        CdpConfig config = cdp.config();
        CollectorSettings settings = port == null ? config.collector() : config.collector().withPort(port);
        KafkaSettings kafka = config.kafka();
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedKafkaBroker broker = null;
        if (kafka.embedded()) {
            broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults()
                    .withHost(kafka.embeddedHost())
                    .withBrokerPort(kafka.embeddedPort())
                    .withControllerPort(kafka.embeddedControllerPort())
                    .withLogDirectory(kafka.embeddedLogDirectory())
                    .withPartitions(kafka.defaultPartitions()));
            out.println("embedded Kafka broker on " + broker.bootstrapServers() + ", log in " + kafka.embeddedLogDirectory());
        }
        String bootstrap = broker != null ? broker.bootstrapServers() : kafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap, kafka.defaultPartitions());
        WriteKeyStore keys = WriteKeyStore.inHome(config.home());
        SqliteContactVault vault = SqliteContactVault.open(config.vault());
        EdgePipeline pipeline = EdgePipelines.of(config);
        CollectorServer server = CollectorServer.start(settings, bootstrap, pipeline, vault, keys);
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedKafkaBroker ownBroker = broker;
        // On Ctrl-C or SIGTERM the JVM runs this hook: stop taking requests, let Kafka acknowledge what is in flight,
        // then close the vault and the embedded broker.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                vault.close();
            }
            finally {
                if (ownBroker != null) {
                    ownBroker.close();
                }
                stopped.countDown();
            }
        }, "cdp-collector-shutdown"));
        out.printf("cdp collector listening on %s (POST %s; Kafka %s)%n", server.uri(), CollectorServer.EVENTS_PATH, bootstrap);
        out.println("write keys in " + keys.file() + (keys.list().isEmpty() ? " (none yet: cdp collector keys create --source web)" : ""));
        out.println("contact vault in " + config.vault().databaseFile());
        out.flush();
        stopped.await();
        return Cdp.EXIT_OK;
    }

    @Command(name = "keys", description = "Manage the collector's write keys (stored as SHA-256 hashes under the CDP home).",
            subcommands = {Keys.Create.class, Keys.ListKeys.class, Keys.Revoke.class})
    static final class Keys {
        @ParentCommand
        CollectorCommand collector;

        WriteKeyStore store() {
            return WriteKeyStore.inHome(collector.cdp.config().home());
        }

        @Command(name = "create", description = "Create a write key for one or more sources; the key is printed once and cannot be shown again.")
        static final class Create implements Callable<Integer> {
            @ParentCommand
            Keys keys;

            @Spec
            CommandSpec spec;

            @Option(names = "--source", required = true, paramLabel = "SOURCE", split = ",",
                    description = "Source the key may send: web, app, mini_program, pos, consent (repeat or comma-separate).")
            List<String> sources;

            @Override
            public Integer call() {
                EnumSet<Contract> contracts = EnumSet.noneOf(Contract.class);
                sources.forEach(name -> contracts.add(WriteKeyStore.source(name.strip().toLowerCase(Locale.ROOT))));
                CreatedWriteKey created = keys.store().create(contracts);
                PrintWriter out = spec.commandLine().getOut();
                out.println("id:      " + created.entry().id());
                out.println("sources: " + created.entry().sourceNames());
                out.println("key:     " + created.key());
                out.println("Store the key now: only its hash is kept. Send it as 'Authorization: Bearer <key>'.");
                out.flush();
                return Cdp.EXIT_OK;
            }
        }

        @Command(name = "list", description = "List write keys (ids, sources, created, revoked); keys themselves are never shown.")
        static final class ListKeys implements Callable<Integer> {
            @ParentCommand
            Keys keys;

            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                PrintWriter out = spec.commandLine().getOut();
                out.printf(Locale.ROOT, "%-16s %-32s %-26s %s%n", "ID", "SOURCES", "CREATED", "REVOKED");
                for (WriteKey key : keys.store().list()) {
                    out.printf(Locale.ROOT, "%-16s %-32s %-26s %s%n", key.id(), key.sourceNames(), key.createdAt(),
                            key.revokedAt().map(Object::toString).orElse("-"));
                }
                out.flush();
                return Cdp.EXIT_OK;
            }
        }

        @Command(name = "revoke", description = "Revoke a write key; a running collector answers 401 to it from its next request.")
        static final class Revoke implements Callable<Integer> {
            @ParentCommand
            Keys keys;

            @Spec
            CommandSpec spec;

            @Parameters(paramLabel = "ID", description = "Id of the key, as shown by 'cdp collector keys list'.")
            String id;

            @Override
            public Integer call() {
                WriteKey revoked = keys.store().revoke(id);
                spec.commandLine().getOut().println("revoked " + revoked.id() + " (" + revoked.sourceNames() + ") at " + revoked.revokedAt().orElseThrow());
                spec.commandLine().getOut().flush();
                return Cdp.EXIT_OK;
            }
        }
    }
}
