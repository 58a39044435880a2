package org.opencdp.infra.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A process the stack started, remembered by pid and start time: a pid reused by some other process after a reboot
 * or a crash is never mistaken for ours, so {@code down} stops only what {@code up} started.
 */
public record OwnedProcess(long pid, Optional<Instant> started) {
    public static OwnedProcess of(ProcessHandle handle) {
        return new OwnedProcess(handle.pid(), handle.info().startInstant());
    }

    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> started.isEmpty() || handle.info().startInstant().equals(started));
    }

    public boolean alive() {
        return handle().isPresent();
    }

    /** SIGTERM, then SIGKILL when it is still running after {@code grace}; returns whether it was running. */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> handle = handle();
        if (handle.isEmpty()) {
            return false;
        }
        handle.get().destroy();
        if (!awaitExit(grace)) {
            handle.get().destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
        return true;
    }

    public boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !alive();
            }
        }
        return true;
    }

    String encode() {
        return pid + started.map(instant -> "@" + instant).orElse("");
    }

    static OwnedProcess decode(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return new OwnedProcess(Long.parseLong(text.strip()), Optional.empty());
        }
        return new OwnedProcess(Long.parseLong(text.substring(0, at).strip()), Optional.of(Instant.parse(text.substring(at + 1).strip())));
    }
}
