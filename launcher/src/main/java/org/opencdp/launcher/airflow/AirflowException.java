package org.opencdp.launcher.airflow;

/** A call to Airflow failed; the message names the call and what Airflow answered. */
public final class AirflowException extends RuntimeException {
    public AirflowException(String message) {
        super(message);
    }

    public AirflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
