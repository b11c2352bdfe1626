package io.trunkroute.testpeers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A carrier played by a real Kamailio on loopback: registrar with digest auth and fixed
 * credentials, Min-Expires / max expires, and failure modes. Kamailio runs in a container of the
 * {@link PeerImage#SIP_PEERS} image on the host's network, so it listens on its own loopback
 * address and port (UDP and TCP) like a local process would. Its directory under
 * {@code target/test-peers} holds the rendered kamailio.cfg, pid file and ctl socket and is
 * mounted into the container. What the carrier holds is read over the ctl socket
 * ({@code kamcmd ul.dump}, run inside the container), what it received from its log.
 */
public final class KamailioCarrier implements AutoCloseable {

    /** How the carrier treats REGISTER. */
    public enum Mode {
        /** Challenge, check the password, save the contact. */
        REGISTRAR,
        /** Answer every REGISTER with 403 Forbidden. */
        FORBID,
        /** Drop every request silently, like a carrier whose host is up but whose service is not. */
        DROP
    }

    /** One binding the carrier holds for an AOR. */
    public record Contact(String aor, String address, long expiresInSeconds, long lastModifiedEpoch) {
    }

    private final String name;
    private final String address;
    private final int port;
    private final String realm;
    private final Map<String, String> users;
    private final int minExpires;
    private final int maxExpires;
    private final int defaultExpires;
    private final String algorithm;
    private final Mode mode;
    private final String callee;
    private final boolean inviteAuth;
    private final boolean inDialogAuth;
    private final int inviteReply;
    private final String inviteReplyReason;
    private static final String CTL_SOCKET_NAME = "ctl.sock";

    private final Path dir;
    private PeerContainer process;

    private KamailioCarrier(Builder b) {
        this.name = b.name;
        this.address = b.address;
        this.port = b.port > 0 ? b.port : FreePorts.udpAndTcp();
        this.realm = b.realm;
        this.users = Map.copyOf(b.users);
        this.minExpires = b.minExpires;
        this.maxExpires = b.maxExpires;
        this.defaultExpires = b.defaultExpires;
        this.algorithm = b.algorithm;
        this.mode = b.mode;
        this.callee = b.callee;
        this.inviteAuth = b.inviteAuth;
        this.inDialogAuth = b.inDialogAuth;
        this.inviteReply = b.inviteReply;
        this.inviteReplyReason = b.inviteReplyReason;
        this.dir = PeerContainer.newDir("kam-" + name + "-");
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Starts Kamailio and waits until its ctl socket answers. */
    public synchronized KamailioCarrier start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        Path cfg = dir.resolve("kamailio.cfg");
        try {
            Files.writeString(cfg, renderConfig(), StandardCharsets.UTF_8);
            Files.deleteIfExists(dir.resolve(CTL_SOCKET_NAME));
            // After a kill the pid file is stale; Kamailio refuses to start while the pid it names
            // belongs to a running process, and pids get reused.
            Files.deleteIfExists(dir.resolve("kamailio.pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String in = PeerContainer.DIR;
        process = PeerContainer.start("kamailio-" + name, PeerImage.SIP_PEERS, dir, c -> PeerContainer.hostNamespaces(c)
                .withCommand("kamailio", "-f", in + "/kamailio.cfg", "-DD", "-E", "-Y", in, "-P", in + "/kamailio.pid",
                        "-m", "32", "-M", "4", "-w", in));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kamailio " + name + " exited at start:\n" + tail(40));
            }
            // The socket appears in the mounted directory once Kamailio's ctl module listens.
            if (Files.exists(dir.resolve(CTL_SOCKET_NAME)) && rpcQuietly("core.version") != null) {
                return this;
            }
            sleep(100);
        }
        throw new IllegalStateException("kamailio " + name + " did not answer on its ctl socket:\n" + tail(40));
    }

    /** A clean shutdown (SIGTERM): the carrier forgets every binding (usrloc is in memory only). */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
            process = null;
        }
    }

    /** Stops and starts again on the same address and port, with no bindings. */
    public synchronized KamailioCarrier restart() {
        stop();
        return start();
    }

    /** SIGKILL, like a crashed carrier host: no clean shutdown. {@link #start()} brings it back. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** Whether Kamailio is running. */
    public boolean isRunning() {
        PeerContainer p = process;
        return p != null && p.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public String realm() {
        return realm;
    }

    /** {@code address:port}, as a trunk's server and port would name it. */
    public String hostPort() {
        return address + ":" + port;
    }

    /** Bindings the carrier holds for {@code aor} (the user part; usrloc runs without domains). */
    public List<Contact> contacts(String aor) {
        return contacts().stream().filter(c -> c.aor().equals(aor)).toList();
    }

    /** All bindings, parsed from {@code kamcmd ul.dump}. */
    public List<Contact> contacts() {
        String dump = rpc("ul.dump");
        List<Contact> out = new ArrayList<>();
        String aor = null;
        String addr = null;
        long expires = -1;
        for (String raw : dump.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("AoR:")) {
                aor = line.substring(4).trim();
            } else if (line.startsWith("Address:")) {
                addr = line.substring(8).trim();
            } else if (line.startsWith("Expires:")) {
                String v = line.substring(8).trim();
                expires = "permanent".equals(v) ? Long.MAX_VALUE : "deleted".equals(v) || "expired".equals(v)
                        ? 0 : Long.parseLong(v);
            } else if (line.startsWith("Last-Modified:") && aor != null && addr != null) {
                out.add(new Contact(aor, addr, expires, Long.parseLong(line.substring(14).trim())));
                addr = null;
                expires = -1;
            }
        }
        return out;
    }

    /** REGISTER requests that reached the carrier (all of them, challenged or not), with arrival times. */
    public List<Instant> registersReceived() {
        return received("REGISTER");
    }

    /** Requests of {@code method} that reached the carrier, with arrival times. */
    public List<Instant> received(String method) {
        PeerContainer p = process;
        if (p == null) {
            return List.of();
        }
        return p.lines(l -> l.contains("TRKR-RX " + method + " ")).stream().map(PeerContainer.Line::at).toList();
    }

    /** Request-URIs of INVITEs the carrier accepted (past its 407 challenge), in arrival order. */
    public List<String> callsAccepted() {
        PeerContainer p = process;
        return p == null ? List.of() : p.lines(l -> l.contains("TRKR-CALL ")).stream()
                .map(l -> l.text().replaceAll(".*TRKR-CALL ruri=(\\S+).*", "$1")).toList();
    }

    /** Full log lines of accepted INVITEs (ruri, from, to, P-Asserted-Identity). */
    public List<String> callLines() {
        PeerContainer p = process;
        return p == null ? List.of() : p.lines(l -> l.contains("TRKR-CALL ")).stream().map(PeerContainer.Line::text).toList();
    }

    /** Calls the carrier holds right now (its dialog module: ringing, answered, in progress). */
    public int activeCalls() {
        String out = rpc("dlg.stats_active");
        for (String line : out.split("\n")) {
            String l = line.trim();
            if (l.startsWith("all:")) {
                return Integer.parseInt(l.substring(4).trim());
            }
        }
        throw new IllegalStateException("unexpected dlg.stats_active output: " + out);
    }

    /** Times the registrar saved a binding (successful, authenticated REGISTER). */
    public List<Instant> registrationsSaved() {
        PeerContainer p = process;
        return p == null ? List.of() : p.lines(l -> l.contains("TRKR-SAVED ")).stream().map(PeerContainer.Line::at).toList();
    }

    /** The carrier's log lines (Kamailio stderr), for assertions and failure messages. */
    public List<String> log() {
        PeerContainer p = process;
        return p == null ? List.of() : p.lines().stream().map(PeerContainer.Line::text).toList();
    }

    /** Runs an RPC command over the ctl socket and returns its output. */
    public String rpc(String... command) {
        String out = rpcQuietly(command);
        if (out == null) {
            throw new IllegalStateException("kamcmd " + String.join(" ", command) + " failed for " + name);
        }
        return out;
    }

    private String rpcQuietly(String... command) {
        PeerContainer p = process;
        if (p == null) {
            return null;
        }
        List<String> cmd = new ArrayList<>(List.of("kamcmd", "-s", "unix:" + PeerContainer.DIR + "/" + CTL_SOCKET_NAME));
        cmd.addAll(List.of(command));
        try {
            var result = p.exec(cmd.toArray(String[]::new));
            return result.getExitCode() == 0 ? result.getStdout() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String renderConfig() throws IOException {
        String template;
        try (InputStream in = KamailioCarrier.class.getResourceAsStream("kamailio-carrier.cfg")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder passwords = new StringBuilder();
        users.forEach((user, password) -> passwords.append("    if ($au == \"").append(user)
                .append("\") { $var(pw) = \"").append(password).append("\"; }\n"));
        String defines = switch (mode) {
            case REGISTRAR -> "";
            case FORBID -> "#!define MODE_FORBID\n";
            case DROP -> "#!define MODE_DROP\n";
        };
        if (inviteAuth) {
            defines += "#!define INVITE_AUTH\n";
        }
        if (inDialogAuth) {
            defines += "#!define IN_DIALOG_AUTH\n";
        }
        int reply = inviteReply != 0 ? inviteReply : callee == null ? 480 : 0;
        if (reply != 0) {
            defines += "#!define INVITE_REPLY\n";
        }
        String replyReason = inviteReply != 0 ? inviteReplyReason : "No Callee Configured";
        String body = template
                .replace("@NAME@", name)
                .replace("@ADDRESS@", address)
                .replace("@PORT@", Integer.toString(port))
                .replace("@CTL@", PeerContainer.DIR + "/" + CTL_SOCKET_NAME)
                .replace("@MIN_EXPIRES@", Integer.toString(minExpires))
                .replace("@MAX_EXPIRES@", Integer.toString(maxExpires))
                .replace("@DEFAULT_EXPIRES@", Integer.toString(defaultExpires))
                .replace("@ALGORITHM@", algorithm)
                .replace("@REALM@", realm)
                .replace("@CALLEE@", callee == null ? "127.0.0.1:9" : callee)
                .replace("@CALLEE_HOST@", callee == null ? "127.0.0.1" : callee.substring(0, callee.lastIndexOf(':')))
                .replace("@INVITE_REPLY@", Integer.toString(reply))
                .replace("@INVITE_REPLY_REASON@", replyReason)
                .replace("@USER_PASSWORDS@", passwords.toString());
        // #!KAMAILIO must stay the first line; defines go right after it.
        int nl = body.indexOf('\n');
        return body.substring(0, nl + 1) + defines + body.substring(nl + 1);
    }

    private String tail(int n) {
        PeerContainer p = process;
        if (p == null) {
            return "";
        }
        List<PeerContainer.Line> l = p.lines();
        return String.join("\n", l.subList(Math.max(0, l.size() - n), l.size()).stream().map(PeerContainer.Line::text).toList());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {
        private final String name;
        private String address = "127.0.0.1";
        private int port;
        private String realm;
        private final Map<String, String> users = new LinkedHashMap<>();
        private int minExpires = 30;
        private int maxExpires = 3600;
        private int defaultExpires = 3600;
        private String algorithm = "MD5";
        private Mode mode = Mode.REGISTRAR;
        private String callee;
        private boolean inviteAuth = true;
        private boolean inDialogAuth;
        private int inviteReply;
        private String inviteReplyReason;

        private Builder(String name) {
            if (!name.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("carrier name must be [a-z0-9-]+: " + name);
            }
            this.name = name;
            this.realm = name + ".carrier.test";
        }

        public Builder address(String v) {
            address = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder realm(String v) {
            realm = v;
            return this;
        }

        public Builder user(String username, String password) {
            users.put(username, password);
            return this;
        }

        /** Requests asking for less get 423 Interval Too Brief with this Min-Expires. */
        public Builder minExpires(int v) {
            minExpires = v;
            return this;
        }

        /** Requests asking for more are granted this (the 200's Contact expires says so). */
        public Builder maxExpires(int v) {
            maxExpires = v;
            return this;
        }

        public Builder defaultExpires(int v) {
            defaultExpires = v;
            return this;
        }

        /** Digest algorithm the carrier demands: MD5 or SHA-256 (RFC 8760). */
        public Builder algorithm(String v) {
            algorithm = v;
            return this;
        }

        public Builder mode(Mode v) {
            mode = v;
            return this;
        }

        /** Where accepted INVITEs are relayed (host:port of a SIPp UAS). Without one they get 480. */
        public Builder callee(String hostPort) {
            callee = hostPort;
            return this;
        }

        /** Whether INVITEs are challenged with 407 (default true). */
        public Builder inviteAuth(boolean v) {
            inviteAuth = v;
            return this;
        }

        /**
         * Whether requests inside a call that come from the caller's side (BYE, re-INVITE, UPDATE,
         * INFO; not ACK) are challenged with 407 too, as some carriers do (default false).
         */
        public Builder inDialogAuth(boolean v) {
            inDialogAuth = v;
            return this;
        }

        /** Answer every accepted INVITE with this code instead of relaying it (e.g. 503). */
        public Builder inviteReply(int code, String reason) {
            inviteReply = code;
            inviteReplyReason = reason;
            return this;
        }

        public KamailioCarrier build() {
            return new KamailioCarrier(this);
        }
    }
}
