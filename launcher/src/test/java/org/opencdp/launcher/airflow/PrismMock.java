package org.opencdp.launcher.airflow;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prism ({@code @stoplight/prism-cli}) serving an OpenAPI document as a validating mock on loopback: a
 * request that breaks the document is answered 422 and logged as a violation.
 */
final class PrismMock implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;

    private PrismMock(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static PrismMock start(Path prism, Path spec, Path log, Duration startLimit) throws IOException, InterruptedException {
        int port = freePort();
        Process process = new ProcessBuilder(List.of(prism.toString(), "mock", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--errors", spec.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrismMock mock = new PrismMock(process, log, port);
        Instant deadline = Instant.now().plus(startLimit);
        while (!mock.accepts()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prism exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            if (Instant.now().isAfter(deadline)) {
                mock.close();
                throw new IllegalStateException("Prism did not listen within " + startLimit + ": " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return mock;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A position in Prism's log, to read only what later requests caused. */
    int mark() throws IOException {
        return Files.readAllLines(log).size();
    }

    /** Prism's log lines since {@code mark} that report a request breaking the document. */
    List<String> violationsSince(int mark) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.subList(Math.min(mark, lines.size()), lines.size()).stream().filter(line -> line.contains("Violation:")).toList();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
