"""Lakehouse maintenance, nightly: evolve the tables to the current layout, then record their state.

Snapshot expiry and compaction join as one ``cdp_job(...)`` each once their job types exist.
"""

from datetime import datetime

from airflow import DAG

from cdp_jobs import DEFAULT_ARGS, cdp_job

with DAG(
    dag_id="cdp_table_maintenance",
    schedule="0 3 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["opencdp", "lakehouse"],
) as dag:
    evolve = cdp_job("lakehouse_init", "lakehouse-init")
    inventory = cdp_job("lakehouse_tables", "lakehouse-tables")
    evolve >> inventory
