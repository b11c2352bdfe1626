package io.trunkroute.testpeers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A native peer process (Kamailio, SIPp) whose output is kept line by line with the time it was
 * read, so tests can assert what the peer saw and when. Stopping kills the whole process tree.
 */
public final class PeerProcess {

    /** One line of the peer's output and when the test JVM read it. */
    public record Line(Instant at, String text) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PeerProcess.class);

    private final String name;
    private final Process process;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    public static PeerProcess start(String name, List<String> command, Path workDir) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        try {
            PeerProcess peer = new PeerProcess(name, pb.start());
            Thread pump = new Thread(peer::pump, "peer-" + name);
            pump.setDaemon(true);
            pump.start();
            return peer;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " (" + String.join(" ", command) + "): "
                    + e.getMessage(), e);
        }
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(new Line(Instant.now(), line));
                LOG.debug("[{}] {}", name, line);
            }
        } catch (IOException e) {
            LOG.debug("[{}] output closed: {}", name, e.getMessage());
        }
    }

    public List<Line> lines() {
        return new ArrayList<>(lines);
    }

    public List<Line> lines(Predicate<String> filter) {
        return lines.stream().filter(l -> filter.test(l.text())).toList();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Waits for the process to exit by itself; returns its exit code or throws on timeout. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still running after " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM to the tree, then SIGKILL what is left after the grace period. */
    public void stop(Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    /** SIGKILL to the tree at once: a crash, not a shutdown. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String name() {
        return name;
    }
}
