package io.trunkroute.testpeers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container engine behind the peers, and the record of what ran on it.
 *
 * <p>Testcontainers finds a Docker engine by itself (DOCKER_HOST, /var/run/docker.sock, Docker
 * Desktop). When none answers, its last resort is {@link PodmanServiceStrategy}, which calls
 * {@link #startPodman()}: podman's Docker-compatible API service, started for this JVM only, on
 * {@code /tmp/trunkroute-podman-<pid>.sock}, through {@code podman-service.sh}, which removes the
 * session's containers and stops the service as soon as this JVM exits, however it exits.
 *
 * <p>Every container carries the labels {@value #SESSION_LABEL} (this JVM) and {@value #DIR_LABEL}
 * (this module's {@code target/test-peers}); {@code scripts/test-peers-report.sh} prints
 * {@code target/test-peers/containers.log} into the build log after the integration tests and
 * checks that neither a container nor a podman service is left.
 */
public final class ContainerEngine {

    /** Label with this JVM's session id. */
    public static final String SESSION_LABEL = "io.trunkroute.testpeers.session";
    /** Label with the absolute path of the module's {@code target/test-peers}. */
    public static final String DIR_LABEL = "io.trunkroute.testpeers.dir";
    /** Overrides where peer files and logs go (default {@code target/test-peers} of the module). */
    public static final String DIR_PROPERTY = "trunkroute.testpeers.dir";

    private static final Logger LOG = LoggerFactory.getLogger(ContainerEngine.class);
    private static final String SESSION = ProcessHandle.current().pid() + "-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private static URI podmanSocket;

    private ContainerEngine() {
    }

    /** This JVM's session id (label value). */
    public static String session() {
        return SESSION;
    }

    /** Where peer directories, the container event log and the podman service log go. */
    public static Path workDir() {
        Path dir = Path.of(System.getProperty(DIR_PROPERTY, "target/test-peers")).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Whether this JVM started podman because no Docker engine answered. */
    public static synchronized boolean podmanStartedHere() {
        return podmanSocket != null;
    }

    /** The podman executable, when installed. */
    static Optional<Path> podmanExecutable() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "podman"))) {
                return Optional.of(Path.of(dir, "podman"));
            }
        }
        return Optional.empty();
    }

    /**
     * Starts podman's API service for this JVM (once) and returns its socket. It stops by itself
     * when this JVM exits.
     */
    static synchronized URI startPodman() {
        if (podmanSocket != null) {
            return podmanSocket;
        }
        Path podman = podmanExecutable().orElseThrow(() -> new IllegalStateException(
                "no Docker engine answers and podman is not installed: run scripts/install-test-peers.sh "
                        + "(apt-get install podman runc debootstrap) or point DOCKER_HOST at a Docker engine"));
        Path dir = workDir();
        long pid = ProcessHandle.current().pid();
        Path socket = Path.of("/tmp", "trunkroute-podman-" + pid + ".sock");
        Path pidFile = dir.resolve("podman-service.pid");
        Path events = dir.resolve("containers.log");
        Path serviceLog = dir.resolve("podman-service.log");
        Path script = copyResource("podman-service.sh", dir.resolve("podman-service.sh"));
        Path conf = copyResource(PeerImage.RESOURCE_DIR + "containers.conf", dir.resolve("containers.conf"));
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), socket.toString(), Long.toString(pid),
                SESSION, pidFile.toString(), events.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(serviceLog.toFile()))
                .redirectErrorStream(true);
        pb.environment().put("CONTAINERS_CONF", conf.toString());
        pb.environment().put("PATH", podman.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process wrapper;
        try {
            wrapper = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the podman API service: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket)) {
            if (!wrapper.isAlive() || System.nanoTime() > deadline) {
                wrapper.destroy();
                throw new IllegalStateException("the podman API service did not open " + socket + "; its log "
                        + serviceLog + ":\n" + tail(serviceLog, 30));
            }
            sleep(50);
        }
        podmanSocket = URI.create("unix://" + socket);
        record("podman API service started for test JVM " + pid + " on " + podmanSocket + " (service wrapper pid "
                + wrapper.pid() + "); it stops when this JVM exits");
        return podmanSocket;
    }

    /** Appends one line to {@code containers.log} and logs it. */
    static void record(String event) {
        LOG.info(event);
        String line = LocalDateTime.now().format(TIME) + " " + event + "\n";
        synchronized (ContainerEngine.class) {
            try {
                Files.writeString(workDir().resolve("containers.log"), line, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                LOG.warn("cannot write containers.log: {}", e.getMessage());
            }
        }
    }

    private static Path copyResource(String resource, Path target) {
        try (InputStream in = ContainerEngine.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource + " next to " + ContainerEngine.class);
            }
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting podman", e);
        }
    }
}
