package io.trunkroute.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkroute.testpeers.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One engine node as its own JVM ({@code java -jar target/trunkroute.jar}), as production runs it:
 * its own config and data directories, SIP, HTTP and Hazelcast ports; output in
 * target/test-logs/NAME.log (scanned for passwords by the build). {@link #kill()} is kill -9.
 */
final class EngineProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final int sipPort = FreePorts.udpAndTcp();
    final int httpPort = FreePorts.udpAndTcp();
    final int clusterPort;
    final Path config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private Process process;

    EngineProcess(String name, int clusterPort, Map<String, String> files, Map<String, String> properties) {
        this.name = name;
        this.clusterPort = clusterPort;
        try {
            config = Files.createTempDirectory("trunkroute-" + name + "-");
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = config.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
            }
            StringBuilder props = new StringBuilder();
            props.append("camel.server.port=").append(httpPort).append('\n');
            props.append("camel.component.sip.port=").append(sipPort).append('\n');
            props.append("trunkroute.cluster.port=").append(clusterPort).append('\n');
            properties.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
            Files.writeString(config.resolve("application.properties"), props);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    EngineProcess start() {
        Path log = Path.of("target", "test-logs", name + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", Path.of("target", "trunkroute.jar").toString(), "--config", config.toString(),
                "--data", config.resolve("data").toString()));
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits until the node answers its API. */
    void awaitUp(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log");
            }
            try {
                if (request("GET", "/api/v1/trunks").statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException ignored) {
                // not listening yet
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " did not come up within " + atMost);
    }

    String sipAddress() {
        return "127.0.0.1:" + sipPort;
    }

    HttpResponse<String> request(String method, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode get(String path) {
        HttpResponse<String> r = request("GET", path);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(name + " GET " + path + " -> " + r.statusCode() + ": " + r.body());
        }
    }

    String registrationState(String trunk) {
        return get("/api/v1/trunks/" + trunk + "/registration").path("state").asText();
    }

    int channelsInUse(String trunk) {
        return get("/api/v1/channels").path("channels").path(trunk).path("in_use").asInt();
    }

    int activeCalls() {
        return get("/api/v1/calls").path("active").asInt();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** A crash: SIGKILL, no de-registration, no graceful leave from the cluster. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: graceful shutdown, de-registers
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
