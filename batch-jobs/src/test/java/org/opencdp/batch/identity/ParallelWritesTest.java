package org.opencdp.batch.identity;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run's table writes run side by side: a failed one does not stop the others, and its failure reaches the run once all have ended. */
class ParallelWritesTest
{
    @Test
    void writesRunTogetherAndAFailureIsThrownOnceAllHaveEnded()
    {
        CountDownLatch bothStarted = new CountDownLatch(2);
        AtomicBoolean slowEnded = new AtomicBoolean();
        assertThatThrownBy(() -> IdentityResolution.inParallel(new IdentityPipeline.StepLog("test run"), Map.of(
                "identity.graph", () -> {
                    bothStarted.countDown();
                    await(bothStarted);
                    throw new IllegalStateException("graph commit failed");
                },
                "identity.members", () -> {
                    bothStarted.countDown();
                    await(bothStarted);
                    sleep();
                    slowEnded.set(true);
                })))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("graph commit failed");
        // each write waited for the other to start: they ran at the same time, and the failure waited for the slow one
        assertThat(slowEnded).isTrue();
    }

    private static void await(CountDownLatch latch)
    {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("the other write started").isTrue();
        }
        catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep()
    {
        try {
            Thread.sleep(200);
        }
        catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
