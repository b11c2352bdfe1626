package io.trunkroute.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkroute.testpeers.FreePorts;
import io.trunkroute.testpeers.KamailioCarrier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TrunkRoute node started in-process on free loopback ports, with its own config and data
 * directories, and a real HTTP client for its API.
 */
final class EngineFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path configDir;
    final Path dataDir;
    final int sipPort = FreePorts.udpAndTcp();
    final int httpPort = FreePorts.udpAndTcp();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Engine engine;

    private EngineFixture(String trunksYaml, Map<String, String> files, Map<String, String> properties) {
        try {
            configDir = Files.createTempDirectory("trunkroute-config-");
            dataDir = Files.createTempDirectory("trunkroute-data-");
            writeTrunks(trunksYaml);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = configDir.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
            }
            StringBuilder props = new StringBuilder();
            Map<String, String> all = new LinkedHashMap<>();
            all.put("camel.server.port", Integer.toString(httpPort));
            all.put("camel.component.sip.port", Integer.toString(sipPort));
            all.putAll(properties);
            all.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
            Files.writeString(configDir.resolve("application.properties"), props);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EngineFixture start(String trunksYaml, Map<String, String> properties) throws Exception {
        return start(trunksYaml, Map.of(), properties);
    }

    /** @param files more config files by relative path: tenants.yaml, decks.yaml, decks/x.csv, rules/x.drl */
    static EngineFixture start(String trunksYaml, Map<String, String> files, Map<String, String> properties)
            throws Exception {
        EngineFixture f = new EngineFixture(trunksYaml, files, properties);
        f.engine = new Engine(f.configDir, f.dataDir, Map.of());
        f.engine.validate();
        f.engine.start();
        return f;
    }

    Engine engine() {
        return engine;
    }

    /** Replaces trunks.yaml atomically, as an operator's editor or deployment would. */
    void writeTrunks(String yaml) throws IOException {
        Path tmp = configDir.resolve("trunks.yaml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, configDir.resolve("trunks.yaml"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    HttpResponse<String> request(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode get(String path) {
        HttpResponse<String> r = request("GET", path, null);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return json(r.body());
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    JsonNode registration(String trunkId) {
        return get("/api/v1/trunks/" + trunkId + "/registration");
    }

    String state(String trunkId) {
        return registration(trunkId).path("state").asText();
    }

    String sipAddress() {
        return "127.0.0.1:" + sipPort;
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** One trunks.yaml entry with password auth against {@code carrier}. */
    static String passwordTrunk(String id, KamailioCarrier carrier, String user, String password, String extra) {
        return "  - id: " + id + "\n"
                + "    tenant: acme\n"
                + "    server: " + carrier.address() + "\n"
                + "    port: " + carrier.port() + "\n"
                + "    auth: { type: password, username: \"" + user + "\", password: \"" + password + "\" }\n"
                + (extra == null ? "" : extra);
    }
}
