package org.opencdp.launcher.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Airflow DAGs in {@code infra/airflow/dags} call only what the job API's OpenAPI document declares, and
 * submit only job types the server offers. Airflow is not needed: a standard-library Python script reads
 * the DAG files with {@code ast} and lists their HTTP calls.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AirflowDagContractTest {
    private static final Path AIRFLOW = Path.of("").toAbsolutePath().getParent().resolve("infra/airflow");
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode calls;
    static JsonNode openApi;

    @BeforeAll
    static void readDagsAndApi() throws Exception {
        assumeTrue(pythonRuns(), "SKIPPED: python3 is needed to read the DAG files and was not found on PATH");
        Process process = new ProcessBuilder("python3", AIRFLOW.resolve("tools/dag_http_calls.py").toString(), AIRFLOW.resolve("dags").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
        calls = JSON.readTree(output);
        try (InputStream in = JobServer.class.getResourceAsStream(JobServer.OPENAPI_RESOURCE)) {
            openApi = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void everyDagFileIsReadAndHasJobApiCalls() {
        assertThat(calls.get("errors")).as("problems reading the DAG files").isEmpty();
        assertThat(names(calls.get("files"))).contains(
                "cdp_jobs.py", "cdp_streaming_health.py", "cdp_table_maintenance.py");
        assertThat(calls.get("calls")).isNotEmpty();
        assertThat(calls.get("calls")).extracting(call -> call.get("operator").asText()).contains("HttpOperator", "HttpSensor");
    }

    @Test
    void everyHttpCallMatchesAnOperationOfTheOpenApiDocument() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode call : calls.get("calls")) {
            String where = call.get("file").asText() + ":" + call.get("line").asInt() + " " + call.get("operator").asText() + " "
                    + call.get("method").asText() + " " + call.get("endpoint").asText();
            JsonNode operation = operation(call.get("endpoint").asText(), call.get("method").asText());
            if (operation == null) {
                mismatches.add(where + ": no such path and method in openapi/jobs.yaml");
                continue;
            }
            Set<String> declared = new HashSet<>();
            operation.path("parameters").forEach(parameter -> declared.add(resolve(parameter).path("in").asText() + ":" + resolve(parameter).path("name").asText()));
            for (JsonNode query : call.get("queryParams")) {
                if (!declared.contains("query:" + query.asText())) {
                    mismatches.add(where + ": query parameter '" + query.asText() + "' is not declared");
                }
            }
            JsonNode body = call.get("bodyFields");
            if (body != null && !body.isNull()) {
                JsonNode schema = resolve(operation.path("requestBody").path("content").path("application/json").path("schema"));
                Set<String> fields = new HashSet<>(names(body));
                schema.path("properties").fieldNames().forEachRemaining(field -> fields.remove(field));
                if (!fields.isEmpty()) {
                    mismatches.add(where + ": body fields " + fields + " are not in the request schema");
                }
                for (JsonNode required : schema.path("required")) {
                    if (!names(body).contains(required.asText())) {
                        mismatches.add(where + ": required body field '" + required.asText() + "' is missing");
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void theDagsSubmitOnlyJobTypesTheServerOffers() {
        JobTypes offered = JobTypes.standard(Path.of("home"));
        List<String> unknown = new ArrayList<>();
        for (JsonNode use : calls.get("jobTypes")) {
            if (offered.find(use.get("type").asText()).isEmpty()) {
                unknown.add(use.get("file").asText() + ":" + use.get("line").asInt() + " submits job type '" + use.get("type").asText() + "'");
            }
        }
        assertThat(unknown)
                .as("job types used by DAGs but missing from JobTypes.standard (offered: %s)", offered.all().stream().map(JobType::name).toList())
                .isEmpty();
    }

    /** The operation at a concrete or templated path ({@code {param}} segments match path parameters). */
    private static JsonNode operation(String endpoint, String method) {
        String[] segments = endpoint.split("/", -1);
        var paths = openApi.get("paths").fields();
        while (paths.hasNext()) {
            var path = paths.next();
            String[] template = path.getKey().split("/", -1);
            if (template.length != segments.length) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                boolean parameter = template[i].startsWith("{") && template[i].endsWith("}");
                boolean placeholder = segments[i].contains("{");
                matches = parameter ? !segments[i].isEmpty() : !placeholder && template[i].equals(segments[i]);
            }
            if (matches && path.getValue().has(method.toLowerCase(Locale.ROOT))) {
                return path.getValue().get(method.toLowerCase(Locale.ROOT));
            }
        }
        return null;
    }

    private static JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            JsonNode target = openApi;
            for (String part : node.get("$ref").asText().substring(2).split("/")) {
                target = target.path(part);
            }
            return target;
        }
        return node;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.asText()));
        return names;
    }

    private static boolean pythonRuns() {
        try {
            Process process = new ProcessBuilder("python3", "--version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
