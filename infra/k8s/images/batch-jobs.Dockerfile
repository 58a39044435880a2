# opencdp/batch-jobs:<version>: the project's Spark jobs for the Spark Operator (SparkApplication
# mainApplicationFile local:///opt/opencdp/batch-jobs/cdp-batch-jobs.jar, its dependencies in jars/ on the
# driver and executor class path).
# Build from the repository root after `mvn -pl batch-jobs -am package -DskipTests`:
#   docker build -f infra/k8s/images/batch-jobs.Dockerfile -t opencdp/batch-jobs:0.1.0-SNAPSHOT .
FROM apache/spark:4.1.1-java17
COPY batch-jobs/target/lib/ /opt/opencdp/batch-jobs/jars/
COPY batch-jobs/target/cdp-batch-jobs-*.jar /opt/opencdp/batch-jobs/cdp-batch-jobs.jar
