package org.opencdp.ingestion.kafka;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * One short use of Kafka's admin API: opens a client, runs the call, closes the client, and turns Kafka's checked
 * failures into one error that names the cluster and what was being done.
 */
public final class KafkaAdminCalls {
    /** Work with an admin client; Kafka's futures throw what they throw. */
    @FunctionalInterface
    public interface AdminCall<T> {
        T apply(Admin admin) throws ExecutionException, InterruptedException, TimeoutException;
    }

    private KafkaAdminCalls() {}

    /**
     * @param adminProperties further admin client settings (security, timeouts, client id)
     * @param action what the call does, for the error message: "create the contract topics"
     * @throws IllegalStateException when Kafka failed, timed out, or the thread was interrupted (its flag is kept)
     */
    public static <T> T call(String bootstrapServers, Map<String, ?> adminProperties, String action, AdminCall<T> call) {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(adminProperties, "adminProperties is null");
        requireNonNull(action, "action is null");
        requireNonNull(call, "call is null");
        Map<String, Object> properties = new HashMap<>(adminProperties);
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            return call.apply(admin);
        } catch (ExecutionException e) {
            throw failure(bootstrapServers, action, e.getCause());
        } catch (TimeoutException e) {
            throw failure(bootstrapServers, action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(bootstrapServers, action, e);
        }
    }

    /**
     * The latest offset of every partition of the topics, as the partitions' leaders answer it (which they do only
     * once they host the partition); each admin request waits at most {@code timeoutSeconds}.
     */
    public static Map<TopicPartition, Long> latestOffsets(Admin admin, Collection<String> topics, ListOffsetsOptions options, long timeoutSeconds)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(timeoutSeconds, TimeUnit.SECONDS).values()
                .forEach(topic -> topic.partitions().forEach(partition ->
                        partitions.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(partitions, options).all().get(timeoutSeconds, TimeUnit.SECONDS)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static IllegalStateException failure(String bootstrapServers, String action, Throwable cause) {
        return new IllegalStateException("Could not %s on Kafka at %s: %s".formatted(action, bootstrapServers, cause), cause);
    }
}
