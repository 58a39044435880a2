package org.opencdp.ingestion.kafka;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.opencdp.schemas.contract.Contract;

/** Creates the topic of every {@link Contract}; safe to run at every start. */
public final class TopicAdmin {
    private static final long TIMEOUT_SECONDS = 60;

    private TopicAdmin() {}

    /** Creates the missing contract topics with the broker's default replication factor. */
    public static Set<String> ensureTopics(String bootstrapServers, int partitions) {
        return ensureTopics(bootstrapServers, partitions, Map.of());
    }

    /**
     * Creates every contract topic that does not exist yet, with {@code partitions} partitions and the broker's
     * default replication factor. Existing topics are left as they are (their partition count is not changed:
     * that would move keys to other partitions and break per-person order).
     *
     * @param adminProperties further admin client settings (security, client id)
     * @return the topics this call created
     */
    public static Set<String> ensureTopics(String bootstrapServers, int partitions, Map<String, ?> adminProperties) {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(adminProperties, "adminProperties is null");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        return KafkaAdminCalls.call(bootstrapServers, adminProperties, "create the contract topics", admin -> {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = Arrays.stream(Contract.values())
                    .map(Contract::topic)
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, Optional.of(partitions), Optional.empty()))
                    .toList();
            Set<String> created = new TreeSet<>();
            CreateTopicsResult result = admin.createTopics(missing);
            for (Map.Entry<String, ? extends org.apache.kafka.common.KafkaFuture<Void>> topic : result.values().entrySet()) {
                try {
                    topic.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    created.add(topic.getKey());
                }
                catch (ExecutionException e) {
                    // another process created it between our listing and our request
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitWritable(admin, created);
            return created;
        });
    }

    /**
     * Waits until every partition of the new topics takes writes. A partition's leader shows in the metadata a moment
     * before the broker hosts the partition; a produce in that moment fails with a retriable error, and an idempotent
     * producer whose first batch fails so while its next batch is accepted retries the first one with an out-of-order
     * sequence until its delivery timeout. Listing a partition's latest offset is answered by the same replica manager
     * as a produce, so once it answers for every partition, the first batches land.
     */
    private static void awaitWritable(Admin admin, Set<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            if (writable(admin, topics)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topics + " take no writes after " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(50);
        }
    }

    private static boolean writable(Admin admin, Set<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            KafkaAdminCalls.latestOffsets(admin, topics, new ListOffsetsOptions().timeoutMs(1_000), TIMEOUT_SECONDS);
            return true;
        }
        catch (ExecutionException e) {
            // a topic created a moment ago may not be in the broker's metadata yet, or its partitions not hosted yet
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw e;
        }
    }
}
