"""Airflow DAG: the pioneer-eval nightly run on a Spark cluster through SparkSubmitOperator.

Needs apache-airflow-providers-apache-spark and a Spark connection (`spark_default`) pointing at
the cluster (YARN, Kubernetes or standalone). The jar is the one `mvn -B package` builds:
jobs/target/pioneer-eval-jobs-<version>-spark.jar, copied where the cluster can read it.
Exit code 3 (finished, someone should look) fails the task by default in Airflow; the
BranchPythonOperator pattern or a ShortCircuit on the ledger can treat it as a warning instead.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

with DAG(
    dag_id="pioneer_eval_nightly",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # the lake's own lock refuses overlapping runs as well
    default_args={"retries": 1, "retry_delay": timedelta(minutes=30)},
) as dag:
    SparkSubmitOperator(
        task_id="nightly",
        conn_id="spark_default",
        application="/opt/pioneer-eval/pioneer-eval-jobs-0.1.0-SNAPSHOT-spark.jar",
        java_class="org.pioneereval.jobs.cli.PioneerEvalCommand",
        application_args=["nightly", "--config", "/etc/pioneer-eval/nightly.yaml"],
        conf={
            "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        },
        name="pioneer-eval-nightly",
    )
