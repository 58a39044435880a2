package org.opencdp.launcher.jobs;

/** No job with this id (answered 404). */
public final class JobNotFoundException extends RuntimeException {
    public JobNotFoundException(String id) {
        super("No job with id '" + id + "'");
    }
}
