package io.trunkroute.testpeers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * One peer (Kamailio, SIPp, PostgreSQL) in a Testcontainers {@link GenericContainer}. Its output
 * (stdout and stderr) is kept line by line with the time the test JVM read it, so tests can assert
 * what the peer saw and when. Its directory on the host, when it has one, is bind-mounted at
 * {@value #DIR} and is its working directory: configuration and scenarios go in, logs come out.
 * The container runs as the owner of that directory, so nothing root-owned is left in
 * {@code target/}.
 *
 * <p>{@link #stop} is SIGTERM with a grace period, {@link #kill} SIGKILL; both remove the
 * container. A peer that exits by itself (SIPp at its call limit) is removed when its exit code is
 * collected ({@link #waitFor}); anything still there when the JVM ends is removed with the session.
 */
final class PeerContainer {

    /** One line of the peer's output and when the test JVM read it. */
    record Line(Instant at, String text) {
    }

    /** Where the peer's host directory appears inside the container. */
    static final String DIR = "/peer";

    private static final Logger LOG = LoggerFactory.getLogger(PeerContainer.class);
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final String name;
    private final String containerName;
    private final GenericContainer<?> container;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final CountDownLatch outputEnded = new CountDownLatch(1);
    private volatile Long exitCode;
    private volatile boolean removed;

    private PeerContainer(String name, String containerName, GenericContainer<?> container) {
        this.name = name;
        this.containerName = containerName;
        this.container = container;
    }

    /**
     * Creates and starts the container.
     *
     * @param dir   host directory mounted at {@value #DIR} (working directory), or null
     * @param setup command, network, ports, wait strategy, files, user
     */
    static PeerContainer start(String name, PeerImage image, Path dir, Consumer<GenericContainer<?>> setup) {
        GenericContainer<?> c = new GenericContainer<>(PeerImages.resolve(image));
        // Container names allow [a-zA-Z0-9_.-]: peer names may carry a dialled "+7..." number.
        String containerName = "trunkroute-" + name.replaceAll("[^a-zA-Z0-9_.-]", "_") + "-"
                + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        PeerContainer peer = new PeerContainer(name, containerName, c);
        c.withLabel(ContainerEngine.SESSION_LABEL, ContainerEngine.session())
                .withLabel(ContainerEngine.DIR_LABEL, ContainerEngine.workDir().toString())
                .withCreateContainerCmdModifier(cmd -> cmd.withName(containerName))
                .withStartupCheckStrategy(new StartedCheck())
                .waitingFor(new NoWait())
                .withLogConsumer(peer::accept);
        if (dir != null) {
            c.withFileSystemBind(dir.toAbsolutePath().toString(), DIR, BindMode.READ_WRITE).withWorkingDirectory(DIR);
            String owner = owner(dir);
            if (!"0:0".equals(owner)) {
                c.withCreateContainerCmdModifier(cmd -> cmd.withUser(owner));
            }
        }
        setup.accept(c);
        long t0 = System.nanoTime();
        c.start();
        ContainerEngine.record("started " + containerName + " (" + image.reference() + ", container "
                + c.getContainerId().substring(0, 12) + ") in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
                + " ms: " + String.join(" ", c.getCommandParts()));
        return peer;
    }

    private void accept(OutputFrame frame) {
        if (frame.getType() == OutputFrame.OutputType.END) {
            outputEnded.countDown();
            return;
        }
        String text = frame.getUtf8StringWithoutLineEnding();
        lines.add(new Line(Instant.now(), text));
        LOG.debug("[{}] {}", name, text);
    }

    String name() {
        return name;
    }

    List<Line> lines() {
        return new ArrayList<>(lines);
    }

    List<Line> lines(Predicate<String> filter) {
        return lines.stream().filter(l -> filter.test(l.text())).toList();
    }

    boolean isAlive() {
        if (removed) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(state().getRunning());
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * The host's network and process namespaces for a SIP peer. Network: SIP runs over UDP, which
     * Testcontainers' port mapping does not cover, and each peer binds its own 127.0.0.x address
     * and port as a local process would. Processes: SIPp builds Call-IDs, tags and Via branches
     * from its pid; in a namespace of its own every SIPp is pid 1, so consecutive runs would send
     * identical branches, and the engine's SIP stack would absorb a new INVITE as a retransmission
     * of an old transaction.
     */
    static GenericContainer<?> hostNamespaces(GenericContainer<?> c) {
        return c.withNetworkMode("host").withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPidMode("host"));
    }

    /** Host name or address where the container's mapped ports are reached. */
    String host() {
        return container.getHost();
    }

    /** The host port mapped to {@code containerPort} (exposed ports only; not with host networking). */
    int mappedPort(int containerPort) {
        return container.getMappedPort(containerPort);
    }

    /** Runs a command inside the running container. */
    Container.ExecResult exec(String... command) throws IOException, InterruptedException {
        return container.execInContainer(command);
    }

    /** Waits for the peer to exit by itself; returns its exit code or throws on timeout. */
    int waitFor(Duration timeout) {
        if (exitCode == null) {
            try (WaitContainerResultCallback wait = client().waitContainerCmd(container.getContainerId())
                    .exec(new WaitContainerResultCallback())) {
                exitCode = (long) wait.awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (DockerClientException e) {
                throw new IllegalStateException(name + " still running after " + timeout, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitOutput(Duration.ofSeconds(5));
            remove("exited with " + exitCode);
        }
        return exitCode.intValue();
    }

    /** SIGTERM, then SIGKILL after the grace period; the container is removed. */
    void stop(Duration grace) {
        if (removed) {
            return;
        }
        try {
            client().stopContainerCmd(container.getContainerId()).withTimeout((int) Math.max(1, grace.toSeconds()))
                    .exec();
        } catch (DockerException e) {
            // already exited (304) or gone
        }
        collectExitCode();
        awaitOutput(Duration.ofSeconds(2));
        remove("stopped" + (exitCode == null ? "" : ", exit " + exitCode));
    }

    /** SIGKILL at once: a crash, not a shutdown. The container is removed. */
    void kill() {
        if (removed) {
            return;
        }
        try {
            client().killContainerCmd(container.getContainerId()).exec();
        } catch (DockerException e) {
            // already exited or gone
        }
        collectExitCode();
        remove("killed");
    }

    private void collectExitCode() {
        try {
            InspectContainerResponse.ContainerState s = state();
            if (!Boolean.TRUE.equals(s.getRunning()) && s.getExitCodeLong() != null) {
                exitCode = s.getExitCodeLong();
            }
        } catch (NotFoundException e) {
            // gone already
        }
    }

    private synchronized void remove(String how) {
        if (removed) {
            return;
        }
        String id = container.getContainerId();
        container.stop();
        removed = true;
        ContainerEngine.record(how + ": " + containerName + " (container " + (id == null ? "?" : id.substring(0, 12))
                + "), removed");
    }

    private void awaitOutput(Duration timeout) {
        try {
            outputEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private InspectContainerResponse.ContainerState state() {
        return client().inspectContainerCmd(container.getContainerId()).exec().getState();
    }

    private DockerClient client() {
        return container.getDockerClient();
    }

    /** A new directory for one peer under the module's {@code target/test-peers}. */
    static Path newDir(String prefix) {
        try {
            return Files.createTempDirectory(ContainerEngine.workDir(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String owner(Path dir) {
        try {
            return Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
        } catch (IOException | UnsupportedOperationException e) {
            return "0:0";
        }
    }

    /**
     * Started means started: the create and start calls succeeded. Whether the peer is ready is
     * each fixture's own check (Kamailio's ctl socket, PostgreSQL's log line); a SIPp run may even
     * have finished already, and its exit code is the verdict, not a start failure. (Testcontainers'
     * default check polls at most once a second across all containers.)
     */
    private static final class StartedCheck extends StartupCheckStrategy {
        @Override
        public boolean waitUntilStartupSuccessful(DockerClient dockerClient, String containerId) {
            return true;
        }

        @Override
        public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
            return StartupStatus.SUCCESSFUL;
        }
    }

    /** Readiness is checked by the fixture after start. */
    private static final class NoWait extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // nothing: see StartedCheck
        }
    }
}
