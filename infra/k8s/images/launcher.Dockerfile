# opencdp/launcher:<version>: the cdp command line (server, collector, lakehouse, quickstart, ...).
# Build from the repository root after `mvn -pl launcher -am package -DskipTests`:
#   docker build -f infra/k8s/images/launcher.Dockerfile -t opencdp/launcher:0.1.0-SNAPSHOT .
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/cdp cdp && mkdir -p /var/lib/cdp && chown cdp /var/lib/cdp
COPY launcher/target/cdp-launcher.jar launcher/target/lib/ /opt/opencdp/lib/
USER cdp
WORKDIR /var/lib/cdp
ENTRYPOINT []
CMD ["java", "-cp", "/opt/opencdp/lib/*", "org.opencdp.launcher.Cdp", "--help"]
