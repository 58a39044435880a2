package org.opencdp.ingestion.kafka;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

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

    private static IllegalStateException failure(String bootstrapServers, String action, Throwable cause) {
        return new IllegalStateException("Could not %s on Kafka at %s: %s".formatted(action, bootstrapServers, cause), cause);
    }
}
