"""Streaming jobs' health, every ten minutes: each streaming job must be running; one that is not is
submitted again. The failed check stays in the run's history (and in Airflow's failure alerts).
"""

from datetime import datetime

from airflow import DAG

from cdp_jobs import DEFAULT_ARGS, cdp_streaming_job_health

STREAMING_JOB_TYPES = ["stream-raw-ingest"]

with DAG(
    dag_id="cdp_streaming_health",
    schedule="*/10 * * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["opencdp", "streaming"],
) as dag:
    for job_type in STREAMING_JOB_TYPES:
        cdp_streaming_job_health(job_type.replace("-", "_"), job_type)
