"""Building blocks shared by the OpenCDP DAGs.

Every OpenCDP job runs through the job-control API of ``cdp server`` (see docs/api/jobs.md): a task
submits it with ``POST /v1/jobs`` and a sensor waits on ``GET /v1/jobs/{id}`` until it succeeded. A new
batch job (profiles, segments, rights requests) is one ``cdp_job(...)`` call in a DAG.

Airflow connection ``cdp_jobs`` (HTTP): host and port of ``cdp server``, the engineer token as password.
"""

import json
from datetime import timedelta

from airflow.exceptions import AirflowException
from airflow.providers.http.operators.http import HttpOperator
from airflow.providers.http.sensors.http import HttpSensor
from airflow.utils.task_group import TaskGroup

CDP_CONN_ID = "cdp_jobs"
AUTH_HEADERS = {
    "Authorization": "Bearer {{ conn.cdp_jobs.password }}",
    "Content-Type": "application/json",
}
FAILED_STATES = ("failed", "cancelled")

DEFAULT_ARGS = {
    "owner": "data-engineering",
    "retries": 1,
    "retry_delay": timedelta(minutes=5),
}


def _job_id(response):
    return response.json()["id"]


def _succeeded(response):
    job = response.json()
    if job["state"] in FAILED_STATES:
        raise AirflowException(
            "cdp job %s (%s) %s: %s; log at %s"
            % (job["id"], job["type"], job["state"], job.get("message"), job["links"]["log"])
        )
    return job["state"] == "succeeded"


def _some_running(response):
    return len(response.json()["jobs"]) > 0


def cdp_job(group_id, job_type, params=None, timeout=timedelta(hours=2), poke_interval=30):
    """Submit one job and wait for it: a task group ``submit >> wait`` usable as a single task.

    The idempotency key is unique per DAG run and try, so a re-submitted task never starts the job twice,
    while an Airflow retry starts a new job.
    """
    with TaskGroup(group_id=group_id) as group:
        submit = HttpOperator(
            task_id="submit",
            http_conn_id=CDP_CONN_ID,
            endpoint="/v1/jobs",
            method="POST",
            headers=AUTH_HEADERS,
            data=json.dumps(
                {
                    "type": job_type,
                    "params": params or {},
                    "idempotencyKey": "{{ dag.dag_id }}." + group_id + ".{{ run_id }}.{{ ti.try_number }}",
                }
            ),
            response_filter=_job_id,
            log_response=True,
        )
        wait = HttpSensor(
            task_id="wait",
            http_conn_id=CDP_CONN_ID,
            endpoint="/v1/jobs/{{ ti.xcom_pull(task_ids='" + group_id + ".submit') }}",
            method="GET",
            headers=AUTH_HEADERS,
            response_check=_succeeded,
            poke_interval=poke_interval,
            timeout=timeout.total_seconds(),
            mode="reschedule",
        )
        submit >> wait
    return group


def cdp_streaming_job_health(group_id, job_type, params=None):
    """Check that a streaming job runs; when it does not, submit it again (and let the check fail loudly)."""
    with TaskGroup(group_id=group_id) as group:
        running = HttpSensor(
            task_id="running",
            http_conn_id=CDP_CONN_ID,
            endpoint="/v1/jobs",
            method="GET",
            request_params={"type": job_type, "state": "running"},
            headers=AUTH_HEADERS,
            response_check=_some_running,
            poke_interval=30,
            timeout=120,
            mode="poke",
        )
        restart = HttpOperator(
            task_id="restart",
            http_conn_id=CDP_CONN_ID,
            endpoint="/v1/jobs",
            method="POST",
            headers=AUTH_HEADERS,
            data=json.dumps(
                {
                    "type": job_type,
                    "params": params or {},
                    "idempotencyKey": "{{ dag.dag_id }}." + group_id + ".restart.{{ run_id }}",
                }
            ),
            trigger_rule="all_failed",
            log_response=True,
        )
        running >> restart
    return group
