package org.opencdp.launcher.jobs;

/** A cancellation of a job that already ended (answered 409). */
public final class JobAlreadyFinishedException extends RuntimeException {
    public JobAlreadyFinishedException(String message) {
        super(message);
    }
}
