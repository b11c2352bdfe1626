package io.trunkroute.testpeers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One bounded SIPp run (Debian sip-tester): a scenario from this module's {@code sipp/} resources,
 * a call limit ({@code -m}) and a wall-clock limit, so it always stops by itself. SIPp runs in a
 * container of the {@link PeerImage#SIP_PEERS} image on the host's network, bound to its own
 * loopback address and port; its directory under {@code target/test-peers} (scenario in, trace
 * logs out) is mounted into the container as its working directory. SIPp's exit code is its
 * verdict: 0 when every call passed, 1 when some failed.
 */
public final class SippRun {

    /**
     * A wall-clock limit for a SIPp that waits for a call (a callee, a PBX answering inbound). Its
     * clock starts before the containers of the carrier and the caller do, and the IT classes run
     * side by side: such starts took 8-10 s each here and about 12 s each in one CI run, where a
     * 30-s limit ran out before the call came. A SIPp that gets its calls exits at once, so this
     * only bounds a failure.
     */
    public static final Duration WAITING_FOR_A_CALL = Duration.ofMinutes(2);

    private final String name;
    private final List<String> args = new ArrayList<>();
    private final Path dir;
    private String scenarioResource;
    private Path scenarioFile;
    private String remote;
    private int localPort;
    private int calls = 1;
    private Duration timeLimit = Duration.ofSeconds(30);
    private String localAddress = "127.0.0.1";
    private final java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
    private PeerContainer process;

    private SippRun(String name) {
        this.name = name;
        this.dir = PeerContainer.newDir("sipp-" + name + "-");
    }

    public static SippRun scenario(String name, String resource) {
        SippRun run = new SippRun(name);
        run.scenarioResource = resource;
        return run;
    }

    public SippRun remote(String hostPort) {
        this.remote = hostPort;
        return this;
    }

    public SippRun localPort(int port) {
        this.localPort = port;
        return this;
    }

    public SippRun calls(int count) {
        this.calls = count;
        return this;
    }

    public SippRun timeLimit(Duration limit) {
        this.timeLimit = limit;
        return this;
    }

    /** The loopback address SIPp binds to (peers are told apart by address: 127.0.0.x). */
    public SippRun localAddress(String address) {
        this.localAddress = address;
        return this;
    }

    /** Replaces {@code @NAME@} in the scenario (expected codes, talk time...). */
    public SippRun param(String name, Object value) {
        params.put(name, String.valueOf(value));
        return this;
    }

    /** Extra SIPp arguments, e.g. "-s", "74951234567". */
    public SippRun args(String... extra) {
        args.addAll(List.of(extra));
        return this;
    }

    public int localPort() {
        return localPort;
    }

    /** {@code address:port} SIPp listens on (what a carrier relays to, or where a PBX is reached). */
    public String hostPort() {
        return localAddress + ":" + localPort;
    }

    /** Starts SIPp in the background; see {@link #awaitExit()}. */
    public SippRun start() {
        if (localPort == 0) {
            localPort = FreePorts.udpAndTcp();
        }
        scenarioFile = dir.resolve(Path.of(scenarioResource).getFileName().toString());
        try (InputStream in = SippRun.class.getResourceAsStream("sipp/" + scenarioResource)) {
            if (in == null) {
                throw new IllegalArgumentException("no SIPp scenario sipp/" + scenarioResource);
            }
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (var p : params.entrySet()) {
                text = text.replace("@" + p.getKey() + "@", p.getValue());
            }
            if (text.matches("(?s).*@[A-Z_]+@.*")) {
                throw new IllegalArgumentException("scenario " + scenarioResource + " has unset parameters: "
                        + text.replaceAll("(?s).*?(@[A-Z_]+@).*", "$1"));
            }
            Files.writeString(scenarioFile, text, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Each SIPp has its own media port: the default (6000) would collide between peers.
        int mediaPort = FreePorts.udpAndTcp();
        List<String> cmd = new ArrayList<>(List.of("sipp",
                "-sf", PeerContainer.DIR + "/" + scenarioFile.getFileName(), "-i", localAddress,
                "-p", Integer.toString(localPort), "-mi", localAddress, "-mp", Integer.toString(mediaPort),
                "-m", Integer.toString(calls), "-timeout", timeLimit.toSeconds() + "s", "-timeout_error",
                "-nostdin", "-trace_err", "-trace_screen", "-trace_msg"));
        cmd.addAll(args);
        if (remote != null) {
            cmd.add(remote);
        }
        process = PeerContainer.start("sipp-" + name, PeerImage.SIP_PEERS, dir,
                c -> PeerContainer.hostNamespaces(c).withCommand(cmd.toArray(String[]::new)));
        return this;
    }

    /** Waits for SIPp to stop by itself (call limit or time limit) and returns its exit code. */
    public int awaitExit() {
        return process.waitFor(timeLimit.plusSeconds(10));
    }

    /** Every SIP message SIPp sent or received (its -trace_msg log). */
    public String messages() {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith("_messages.log")).toList()) {
                sb.append(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** Request lines of the requests SIPp received, e.g. "INVITE sip:+74951234567@127.0.0.1:5060 SIP/2.0". */
    public List<String> receivedRequestLines(String method) {
        List<String> out = new ArrayList<>();
        for (List<String> message : receivedMessages()) {
            for (String line : message) {
                if (line.startsWith(method + " ")) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    /**
     * How many messages SIPp received whose first line starts with {@code firstLine} and whose
     * CSeq is {@code cseq}, e.g. ("SIP/2.0 200", "1 INVITE"): retransmissions included.
     */
    public long receivedCount(String firstLine, String cseq) {
        return receivedMessages().stream()
                .filter(lines -> lines.size() > 2 && lines.get(2).startsWith(firstLine)
                        && lines.stream().anyMatch(l -> l.equalsIgnoreCase("CSeq: " + cseq)))
                .count();
    }

    /**
     * Each received message of the -trace_msg log as its trimmed, non-blank lines: the time, "UDP
     * message received ...", then the message from its first line.
     */
    private List<List<String>> receivedMessages() {
        List<List<String>> out = new ArrayList<>();
        for (String block : messages().split("----------------------------------------------- ")) {
            if (block.contains("message received")) {
                out.add(block.lines().map(String::trim).filter(l -> !l.isEmpty()).toList());
            }
        }
        return out;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIPp's screen at exit and error log, for failure messages. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith("_screen.log") || f.toString().endsWith("_errors.log")).toList()) {
                sb.append("== ").append(p.getFileName()).append('\n').append(Files.readString(p)).append('\n');
            }
        } catch (IOException e) {
            sb.append("(no SIPp logs: ").append(e.getMessage()).append(")");
        }
        process.lines().forEach(l -> sb.append(l.text()).append('\n'));
        return sb.toString();
    }

    /** Stops SIPp if it still runs (SIGTERM); either way its container is removed. */
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(3));
        }
    }
}
