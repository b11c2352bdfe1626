package io.trunkroute.testpeers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real network cut between loopback addresses, for split-brain tests: packets between the two
 * groups are dropped by the kernel (iptables, in a chain of this object's own hooked into INPUT),
 * so the peers see exactly what a failed link looks like: silence, not a refused connection.
 * Needs root (as the test script's apt-get does). Touches only the addresses it is given, and
 * {@link #close()} (also run at JVM exit) removes the chain.
 */
public final class LoopbackPartition implements AutoCloseable {

    private final String chain = "TR-SPLIT-" + UUID.randomUUID().toString().substring(0, 8);
    private final Thread cleanupAtExit = new Thread(this::removeQuietly, "loopback-partition-cleanup");
    private boolean installed;

    /** Creates the (empty, letting everything through) chain; fails clearly without iptables or root. */
    public LoopbackPartition() {
        iptables("-N", chain);
        installed = true;
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
        iptables("-I", "INPUT", "-j", chain);
    }

    /** Drops every packet between any address of {@code side} and any of {@code others}, both ways. */
    public void cut(List<String> side, List<String> others) {
        for (String a : side) {
            for (String b : others) {
                iptables("-A", chain, "-s", a, "-d", b, "-j", "DROP");
                iptables("-A", chain, "-s", b, "-d", a, "-j", "DROP");
            }
        }
    }

    /** Lets everything through again. */
    public void heal() {
        iptables("-F", chain);
    }

    @Override
    public void close() {
        removeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException ignored) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    private synchronized void removeQuietly() {
        if (!installed) {
            return;
        }
        installed = false;
        for (String[] cmd : List.of(new String[] {"-D", "INPUT", "-j", chain}, new String[] {"-F", chain},
                new String[] {"-X", chain})) {
            try {
                iptables(cmd);
            } catch (IllegalStateException ignored) {
                // best effort: a step that fails leaves the next one to try
            }
        }
    }

    private static void iptables(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("iptables");
        cmd.add("-w");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 30 s");
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out
                        + " -- split-brain tests cut loopback links with iptables and need root");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run iptables (apt-get install iptables; needs root): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running iptables", e);
        }
    }
}
