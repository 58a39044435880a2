package org.opencdp.infra.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * A single-node Kafka cluster (one KRaft process acting as broker and controller) running inside
 * this JVM, for the embedded mode and for tests. It can also run as its own process through
 * {@link #main(String[])}.
 *
 * <p>Ports and the log directory are fixed when the broker first starts, so {@link #stop()} followed
 * by {@link #restart()} brings back the same cluster with all its data.
 */
public final class EmbeddedKafkaBroker
        implements AutoCloseable
{
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final boolean ownsLogDirectory;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(Settings settings, boolean ownsLogDirectory)
    {
        this.settings = requireNonNull(settings, "settings is null");
        this.ownsLogDirectory = ownsLogDirectory;
    }

    /**
     * Starts a broker with default settings: loopback, free ports, a temporary log directory.
     */
    public static EmbeddedKafkaBroker start()
    {
        return start(Settings.defaults());
    }

    /**
     * Starts a broker and returns once it accepts clients. Ports given as 0 are replaced by free
     * loopback ports; without a log directory a temporary one is created (and deleted by {@link #close()}).
     */
    public static EmbeddedKafkaBroker start(Settings settings)
    {
        requireNonNull(settings, "settings is null");
        boolean ownsLogDirectory = settings.logDirectory().isEmpty();
        Path logDirectory = settings.logDirectory().orElseGet(EmbeddedKafkaBroker::createTemporaryLogDirectory);
        // the system can hand out a port again once the socket that found it is closed: each is found apart from the other
        int brokerPort = settings.brokerPort() == 0 ? freePort(settings.host(), settings.controllerPort()) : settings.brokerPort();
        int controllerPort = settings.controllerPort() == 0 ? freePort(settings.host(), brokerPort) : settings.controllerPort();
        Settings resolved = settings
                .withLogDirectory(logDirectory)
                .withBrokerPort(brokerPort)
                .withControllerPort(controllerPort);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(resolved, ownsLogDirectory);
        try {
            broker.restart();
        }
        catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /**
     * The settings this broker runs with: actual ports, never 0, and the actual log directory.
     * Passing them to {@link #start(Settings)} after this broker stopped brings the same cluster back.
     */
    public Settings settings()
    {
        return settings;
    }

    public String bootstrapServers()
    {
        return settings.host() + ":" + settings.brokerPort();
    }

    public Path logDirectory()
    {
        return settings.logDirectory().orElseThrow();
    }

    public synchronized boolean isRunning()
    {
        return server != null;
    }

    /**
     * Creates each topic with the default partition count, unless it already exists.
     */
    public void createTopics(String... names)
    {
        requireNonNull(names, "names is null");
        createTopics(settings.partitions(), Arrays.asList(names));
    }

    /**
     * Creates each topic with the given partition count, unless it already exists (an existing topic
     * keeps its partitions), and returns once every partition of them has a leader.
     */
    public void createTopics(int partitions, List<String> names)
    {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        List<NewTopic> topics = names.stream()
                .map(name -> {
                    if (name == null || name.isBlank()) {
                        throw new IllegalArgumentException("topic name is null or blank: " + names);
                    }
                    return new NewTopic(name, partitions, (short) 1);
                })
                .toList();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()))) {
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + name + " on " + bootstrapServers(), e.getCause());
                    }
                }
                catch (TimeoutException e) {
                    throw new IllegalStateException("Timed out creating topic " + name + " on " + bootstrapServers(), e);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while creating topic " + name, e);
                }
            });
            awaitLeaders(admin, names);
        }
    }

    // a created topic is the controller's at once, and the broker's once its metadata has caught up and every
    // partition has a leader: a client started before then waits or retries, so this waits instead
    private void awaitLeaders(Admin admin, List<String> names)
    {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        try {
            while (!haveLeaders(admin, names)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topics " + names + " have partitions without a leader after " + ADMIN_TIMEOUT);
                }
                Thread.sleep(20);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the leaders of " + names, e);
        }
    }

    // whether every partition of the topics has a leader; not yet while the broker does not know a topic
    private boolean haveLeaders(Admin admin, List<String> names)
            throws InterruptedException
    {
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return topics.values().stream().flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new IllegalStateException("Cannot describe topics " + names + " on " + bootstrapServers(), e.getCause());
        }
        catch (TimeoutException e) {
            throw new IllegalStateException("Timed out describing topics " + names + " on " + bootstrapServers(), e);
        }
    }

    /**
     * Starts a stopped broker again on the same ports and log directory.
     */
    public synchronized void restart()
    {
        if (closed) {
            throw new IllegalStateException("Broker is closed: " + bootstrapServers());
        }
        if (server != null) {
            throw new IllegalStateException("Broker is already running: " + bootstrapServers());
        }
        KafkaConfig config = new KafkaConfig(brokerConfig(settings), false);
        formatIfNeeded(logDirectory());
        KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            // Returns once the broker has caught up with the metadata log and is unfenced.
            starting.startup();
        }
        catch (RuntimeException e) {
            shutdown(starting);
            throw new IllegalStateException("Kafka broker failed to start on %s (controller port %s, log directory %s)"
                    .formatted(bootstrapServers(), settings.controllerPort(), logDirectory()), e);
        }
        server = starting;
    }

    /**
     * Stops the broker and keeps its data on disk; {@link #restart()} brings it back.
     */
    public synchronized void stop()
    {
        if (server != null) {
            KafkaRaftServer stopping = server;
            server = null;
            shutdown(stopping);
        }
    }

    /**
     * Stops the broker and deletes the log directory if this broker created it.
     */
    @Override
    public synchronized void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (ownsLogDirectory) {
            try {
                Utils.delete(logDirectory().toFile());
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot delete Kafka log directory " + logDirectory(), e);
            }
        }
    }

    @Override
    public String toString()
    {
        return "EmbeddedKafkaBroker{" + bootstrapServers() + ", " + logDirectory() + (isRunning() ? "" : ", stopped") + "}";
    }

    /**
     * Runs the broker as its own process until SIGTERM, printing {@code bootstrap.servers=HOST:PORT}
     * once it accepts clients.
     */
    public static void main(String[] args)
            throws InterruptedException
    {
        Settings settings;
        try {
            settings = BrokerCommandLine.parse(args);
        }
        catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BrokerCommandLine.USAGE);
            System.exit(2);
            return;
        }
        if (settings == null) {
            System.out.println(BrokerCommandLine.USAGE);
            return;
        }

        EmbeddedKafkaBroker broker = start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            System.out.println("Kafka broker stopped");
            System.out.flush();
            stopped.countDown();
        }, "kafka-broker-shutdown"));
        System.out.println("bootstrap.servers=" + broker.bootstrapServers());
        System.out.println("log.dir=" + broker.logDirectory());
        System.out.flush();
        stopped.await();
    }

    static Map<String, String> brokerConfig(Settings settings)
    {
        String host = settings.host();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        config.put("listeners", "%s://%s:%s,%s://%s:%s".formatted(
                BROKER_LISTENER, host, settings.brokerPort(), CONTROLLER_LISTENER, host, settings.controllerPort()));
        config.put("advertised.listeners", "%s://%s:%s".formatted(BROKER_LISTENER, host, settings.brokerPort()));
        config.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("inter.broker.listener.name", BROKER_LISTENER);
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        // A static single-voter quorum: the controller address never changes because the port is fixed at first start.
        config.put("controller.quorum.voters", "%s@%s:%s".formatted(NODE_ID, host, settings.controllerPort()));
        config.put("log.dirs", settings.logDirectory().orElseThrow().toAbsolutePath().toString());

        // One node: every internal topic must be satisfiable with a single replica.
        config.put("num.partitions", String.valueOf(settings.partitions()));
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // Flink's exactly-once Kafka sink asks for one-hour transactions; the broker default (15 min) would refuse them.
        config.put("transaction.max.timeout.ms", String.valueOf(60 * 60 * 1000));
        config.put("auto.create.topics.enable", "true");

        // Keep the footprint small: the default cleaner buffer alone is 128 MiB of heap.
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "4");

        config.putAll(settings.brokerProperties());
        return config;
    }

    private static void formatIfNeeded(Path logDirectory)
    {
        if (Files.exists(logDirectory.resolve(META_PROPERTIES))) {
            return;
        }
        String directory = logDirectory.toAbsolutePath().toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .addDirectory(directory)
                    .setMetadataLogDirectory(directory)
                    .run();
        }
        catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka log directory " + logDirectory, e);
        }
    }

    private static void shutdown(KafkaRaftServer server)
    {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Path createTemporaryLogDirectory()
    {
        try {
            return Files.createTempDirectory("cdp-kafka-");
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary Kafka log directory", e);
        }
    }

    // a free port, other than the one given
    private static int freePort(String host, int other)
    {
        for (int attempt = 0; attempt < 10; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
                if (socket.getLocalPort() != other) {
                    return socket.getLocalPort();
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot find a free port on " + host, e);
            }
        }
        throw new IllegalStateException("Cannot find a free port on " + host + " other than " + other);
    }

    /**
     * How to run a broker. Ports of 0 mean "pick a free port"; an empty log directory means "a
     * temporary directory". Extra broker properties override the defaults of this class.
     */
    public record Settings(
            String host,
            int brokerPort,
            int controllerPort,
            Optional<Path> logDirectory,
            int partitions,
            Map<String, String> brokerProperties)
    {
        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final int DEFAULT_PARTITIONS = 2;

        public Settings
        {
            requireNonNull(host, "host is null");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host is blank");
            }
            checkPort("brokerPort", brokerPort);
            checkPort("controllerPort", controllerPort);
            if (brokerPort != 0 && brokerPort == controllerPort) {
                throw new IllegalArgumentException("broker and controller ports must differ: " + brokerPort);
            }
            requireNonNull(logDirectory, "logDirectory is null");
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
            }
            brokerProperties = Map.copyOf(requireNonNull(brokerProperties, "brokerProperties is null"));
        }

        public static Settings defaults()
        {
            return new Settings(DEFAULT_HOST, 0, 0, Optional.empty(), DEFAULT_PARTITIONS, Map.of());
        }

        public Settings withHost(String host)
        {
            return new Settings(host, brokerPort, controllerPort, logDirectory, partitions, brokerProperties);
        }

        public Settings withBrokerPort(int brokerPort)
        {
            return new Settings(host, brokerPort, controllerPort, logDirectory, partitions, brokerProperties);
        }

        public Settings withControllerPort(int controllerPort)
        {
            return new Settings(host, brokerPort, controllerPort, logDirectory, partitions, brokerProperties);
        }

        public Settings withLogDirectory(Path logDirectory)
        {
            return new Settings(host, brokerPort, controllerPort, Optional.of(requireNonNull(logDirectory, "logDirectory is null")), partitions, brokerProperties);
        }

        public Settings withPartitions(int partitions)
        {
            return new Settings(host, brokerPort, controllerPort, logDirectory, partitions, brokerProperties);
        }

        public Settings withBrokerProperty(String name, String value)
        {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
            Map<String, String> properties = new LinkedHashMap<>(brokerProperties);
            properties.put(name, value);
            return new Settings(host, brokerPort, controllerPort, logDirectory, partitions, properties);
        }

        private static void checkPort(String name, int port)
        {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be between 0 and 65535: " + port);
            }
        }
    }
}
