# opencdp/streaming-jobs:<version>: Flink 2.1 with the project's Flink job jar in usrlib, for the Flink
# Kubernetes Operator (FlinkDeployment jarURI local:///opt/flink/usrlib/cdp-streaming-jobs-job.jar).
# Build from the repository root after `mvn -pl streaming-jobs -am package -DskipTests`:
#   docker build -f infra/k8s/images/streaming-jobs.Dockerfile -t opencdp/streaming-jobs:0.1.0-SNAPSHOT .
FROM flink:2.1.2-java17
COPY streaming-jobs/target/cdp-streaming-jobs-*-job.jar /opt/flink/usrlib/cdp-streaming-jobs-job.jar
