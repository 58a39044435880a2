"""Identity resolution, daily: an incremental run over the links added since the previous run. The job
itself falls back to a full recompute when there is no previous run or when links were deleted since (an
erasure); a full recompute on demand is the same job type with ``{"mode": "full"}``.
"""

from datetime import datetime

from airflow import DAG

from cdp_jobs import DEFAULT_ARGS, cdp_job

with DAG(
    dag_id="cdp_identity_resolution",
    schedule="30 1 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["opencdp", "identity"],
) as dag:
    cdp_job("identity_run", "identity-run", {"mode": "incremental"})
