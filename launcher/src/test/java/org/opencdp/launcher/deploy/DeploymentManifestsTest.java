package org.opencdp.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencdp.launcher.Cdp;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The deployment files in {@code infra/k8s} (Kubernetes manifests, Flink and Spark operator resources, Trino
 * Helm values, docker-compose) name only images, classes and arguments that the build provides: every
 * image of ours is {@code opencdp/<module>:<version>} with a Dockerfile, every third-party image is pinned,
 * every main class exists (loaded from the class path, or found as a source file with a {@code main} in a
 * module the launcher does not depend on), and its arguments are options that class accepts.
 */
class DeploymentManifestsTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path K8S = REPOSITORY.resolve("infra/k8s");
    private static final Pattern OUR_IMAGE = Pattern.compile("opencdp/([a-z0-9-]+):(.+)");
    private static final Pattern CLASS_NAME = Pattern.compile("org\\.opencdp(\\.[a-z][a-z0-9]*)+\\.[A-Z][A-Za-z0-9]*");
    /** Third-party images, pinned to the versions docs/architecture.md names. */
    private static final List<String> THIRD_PARTY_IMAGES = List.of(
            "postgres:15.14", "apache/kafka:4.2.0", "trinodb/trino:476", "flink:2.1.2-java17", "eclipse-temurin:17-jre");

    static List<Document> documents = new ArrayList<>();
    static String version;

    /** One YAML document of one file. */
    record Document(Path file, Map<String, Object> content) {
        String name() {
            return REPOSITORY.relativize(file).toString();
        }
    }

    /** A program a manifest starts: its main class and the arguments it passes. */
    record Launch(String where, String mainClass, List<String> arguments) {}

    @BeforeAll
    static void readManifests() throws IOException {
        version = projectVersion();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file)) {
                for (Object document : new Yaml(new LoaderOptions()).loadAll(reader)) {
                    if (document != null) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> map = (Map<String, Object>) document;
                        documents.add(new Document(file, map));
                    }
                }
            }
        }
    }

    @Test
    void theDeploymentFilesAreThere() {
        assertThat(documents).extracting(Document::name).contains(
                "infra/k8s/server.yaml", "infra/k8s/collector.yaml", "infra/k8s/config.yaml", "infra/k8s/trino/values.yaml",
                "infra/k8s/docker-compose.yml", "infra/k8s/flink/raw-ingest.yaml");
        assertThat(kinds()).contains("Deployment", "Service", "FlinkDeployment");
    }

    @Test
    void ourImagesAreNamedAfterTheirModuleAndVersionAndHaveADockerfile() {
        List<String> problems = new ArrayList<>();
        for (Document document : documents) {
            for (String image : images(document.content())) {
                Matcher ours = OUR_IMAGE.matcher(image);
                if (ours.matches()) {
                    String module = ours.group(1);
                    if (!Files.isRegularFile(REPOSITORY.resolve(module).resolve("pom.xml"))) {
                        problems.add(document.name() + ": image " + image + " names no module of the build");
                    }
                    if (!ours.group(2).equals(version)) {
                        problems.add(document.name() + ": image " + image + " is not tagged with the project version " + version);
                    }
                    if (!Files.isRegularFile(K8S.resolve("images").resolve(module + ".Dockerfile"))) {
                        problems.add(document.name() + ": image " + image + " has no infra/k8s/images/" + module + ".Dockerfile");
                    }
                }
                else if (!THIRD_PARTY_IMAGES.contains(image)) {
                    problems.add(document.name() + ": image " + image + " is neither opencdp/<module>:<version> nor a pinned third-party image " + THIRD_PARTY_IMAGES);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(documents.stream().flatMap(document -> images(document.content()).stream()))
                .contains("opencdp/launcher:" + version, "opencdp/streaming-jobs:" + version, "trinodb/trino:476");
    }

    @Test
    void everyMainClassExistsAndAcceptsItsArguments() throws IOException {
        List<Launch> launches = new ArrayList<>();
        documents.forEach(document -> launches.addAll(launches(document)));
        assertThat(launches).as("programs started by the manifests").isNotEmpty();

        List<String> missing = new ArrayList<>();
        List<String> badArguments = new ArrayList<>();
        for (Launch launch : launches) {
            if (launch.mainClass().equals(Cdp.class.getName())) {
                try {
                    new CommandLine(new Cdp()).parseArgs(launch.arguments().toArray(String[]::new));
                }
                catch (CommandLine.ParameterException e) {
                    badArguments.add(launch.where() + ": cdp " + String.join(" ", launch.arguments()) + " -> " + e.getMessage());
                }
                continue;
            }
            Optional<String> source = optionSource(launch.mainClass());
            if (source.isEmpty()) {
                missing.add(launch.where() + ": " + launch.mainClass());
                continue;
            }
            for (String argument : launch.arguments()) {
                if (argument.startsWith("--") && !source.get().contains("\"" + argument + "\"")) {
                    badArguments.add(launch.where() + ": " + launch.mainClass() + " has no option " + argument);
                }
            }
        }
        assertThat(missing).as("main classes named by the manifests that the build does not have").isEmpty();
        assertThat(badArguments).as("arguments the named programs do not accept").isEmpty();
    }

    @Test
    void everyContainerRequestsResources() {
        List<String> unsized = new ArrayList<>();
        for (Document document : documents) {
            if ("Deployment".equals(document.content().get("kind"))) {
                for (Map<String, Object> container : containers(document.content())) {
                    Map<String, Object> requests = map(map(container.get("resources")).get("requests"));
                    if (!requests.containsKey("cpu") || !requests.containsKey("memory")) {
                        unsized.add(document.name() + ": container " + container.get("name"));
                    }
                }
            }
            if ("FlinkDeployment".equals(document.content().get("kind"))) {
                Map<String, Object> spec = map(document.content().get("spec"));
                for (String role : List.of("jobManager", "taskManager")) {
                    Map<String, Object> resource = map(map(spec.get(role)).get("resource"));
                    if (!resource.containsKey("cpu") || !resource.containsKey("memory")) {
                        unsized.add(document.name() + ": " + role);
                    }
                }
            }
        }
        assertThat(unsized).isEmpty();
    }

    private static List<Launch> launches(Document document) {
        List<Launch> launches = new ArrayList<>();
        Map<String, Object> content = document.content();
        Object kind = content.get("kind");
        if ("Deployment".equals(kind)) {
            for (Map<String, Object> container : containers(content)) {
                List<String> command = new ArrayList<>(strings(container.get("command")));
                command.addAll(strings(container.get("args")));
                javaLaunch(document.name() + " container " + container.get("name"), command).ifPresent(launches::add);
            }
        }
        else if ("FlinkDeployment".equals(kind)) {
            Map<String, Object> job = map(map(content.get("spec")).get("job"));
            launches.add(new Launch(document.name(), String.valueOf(job.get("entryClass")), strings(job.get("args"))));
        }
        else if ("SparkApplication".equals(kind)) {
            Map<String, Object> spec = map(content.get("spec"));
            launches.add(new Launch(document.name(), String.valueOf(spec.get("mainClass")), strings(spec.get("arguments"))));
        }
        else if (content.containsKey("services")) {
            map(content.get("services")).forEach((name, service) ->
                    javaLaunch(document.name() + " service " + name, strings(map(service).get("command"))).ifPresent(launches::add));
        }
        return launches;
    }

    /** {@code java [options] -cp PATH some.Main args...}: the main class and what follows it. */
    private static Optional<Launch> javaLaunch(String where, List<String> command) {
        for (int i = 0; i < command.size(); i++) {
            if (CLASS_NAME.matcher(command.get(i)).matches()) {
                return Optional.of(new Launch(where, command.get(i), command.subList(i + 1, command.size())));
            }
        }
        return Optional.empty();
    }

    /** The source of a class with a {@code main} method: from the test class path or any module's sources. */
    /**
     * The source that declares a program's options: its main class, plus the shared argument parser of the
     * streaming jobs when the main class uses it.
     */
    private static Optional<String> optionSource(String className) throws IOException {
        Optional<String> main = mainSource(className);
        if (main.isPresent() && main.get().contains("JobArguments.parse")) {
            Optional<String> shared = source("org.opencdp.streaming.runtime.JobArguments");
            return Optional.of(main.get() + shared.orElseThrow(() -> new IllegalStateException("JobArguments source not found")));
        }
        return main;
    }

    private static Optional<String> mainSource(String className) throws IOException {
        return source(className).filter(text -> text.contains("static void main("));
    }

    private static Optional<String> source(String className) throws IOException {
        String relative = className.replace('.', '/') + ".java";
        try (Stream<Path> modules = Files.walk(REPOSITORY, 2)) {
            for (Path pom : modules.filter(path -> path.getFileName().toString().equals("pom.xml")).toList()) {
                Path source = pom.getParent().resolve("src/main/java").resolve(relative);
                if (Files.isRegularFile(source)) {
                    return Optional.of(Files.readString(source));
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> images(Object node) {
        List<String> images = new ArrayList<>();
        if (node instanceof Map<?, ?> map) {
            Object image = map.get("image");
            if (image instanceof String text) {
                images.add(text);
            }
            else if (image instanceof Map<?, ?> helm && helm.get("repository") instanceof String repository) {
                images.add(repository + ":" + helm.get("tag"));
            }
            map.values().forEach(value -> images.addAll(images(value)));
        }
        else if (node instanceof List<?> list) {
            list.forEach(value -> images.addAll(images(value)));
        }
        return images.stream().distinct().toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        Object containers = map(map(map(map(deployment.get("spec")).get("template")).get("spec"))).get("containers");
        return containers instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<String> strings(Object node) {
        return node instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static List<Object> kinds() {
        return documents.stream().map(document -> document.content().get("kind")).filter(kind -> kind != null).toList();
    }

    private static String projectVersion() throws IOException {
        String pom = Files.readString(REPOSITORY.resolve("pom.xml"));
        Matcher matcher = Pattern.compile("<artifactId>cdp-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(matcher.find()).as("version of the parent pom").isTrue();
        return matcher.group(1);
    }
}
