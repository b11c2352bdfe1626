package io.trunkroute.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The fixtures' own contract, against the real peers in containers: what tests in other modules
 * rely on (ctl RPC, log lines with arrival times, restart on the same port, SIPp's exit code and
 * trace logs) and that stopping, killing and exiting leave no container behind.
 */
class PeerContainersIT {

    private KamailioCarrier carrier;

    @AfterEach
    void stopCarrier() {
        if (carrier != null) {
            carrier.stop();
        }
    }

    @Test
    void carrierAnswersOnItsCtlSocketAndLogsWhatArrivedWithTheTimeItWasRead() throws Exception {
        carrier = KamailioCarrier.builder("tp-log").address("127.0.0.5").build().start();

        assertThat(carrier.rpc("core.version")).contains("kamailio 5.");
        assertThat(carrier.contacts()).isEmpty();
        Instant before = Instant.now();
        sendOptions(carrier, "tp-log-1");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> carrier.received("OPTIONS").size() == 1);
        assertThat(carrier.received("OPTIONS").get(0)).isBetween(before, Instant.now());
        assertThat(carrier.log()).anyMatch(l -> l.contains("[tp-log]") && l.contains("TRKR-RX OPTIONS"));
    }

    @Test
    void restartsOnTheSamePortWithoutBindingsAndComesBackAfterAKill() throws Exception {
        carrier = KamailioCarrier.builder("tp-restart").build().start();
        int port = carrier.port();

        carrier.restart();
        assertThat(carrier.port()).isEqualTo(port);
        assertThat(carrier.isRunning()).isTrue();
        sendOptions(carrier, "tp-restart-1");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> carrier.received("OPTIONS").size() == 1);

        carrier.kill();
        assertThat(carrier.isRunning()).isFalse();
        assertThat(carrier.received("OPTIONS")).as("a killed carrier's log is gone with it").isEmpty();
        carrier.start();
        assertThat(carrier.rpc("core.uptime")).contains("uptime");
        assertThat(carrier.port()).isEqualTo(port);
    }

    @Test
    void sippReportsItsVerdictAsExitCodeAndKeepsItsTraceLogs() {
        carrier = KamailioCarrier.builder("tp-sipp").build().start();

        SippRun ok = SippRun.scenario("tp-options", "options-uac.xml").remote(carrier.hostPort()).calls(2)
                .timeLimit(Duration.ofSeconds(10)).start();
        assertThat(ok.awaitExit()).as(ok.report()).isZero();
        assertThat(ok.messages()).contains("OPTIONS sip:").contains("SIP/2.0 200 OK");
        assertThat(ok.report()).contains("_screen.log");
        assertThat(ok.isRunning()).isFalse();
        assertThat(carrier.received("OPTIONS")).hasSize(2);

        // SIPp derives Call-IDs and branches from its pid: two runs must not look like one.
        SippRun again = SippRun.scenario("tp-options", "options-uac.xml").remote(carrier.hostPort()).calls(1)
                .timeLimit(Duration.ofSeconds(10)).start();
        assertThat(again.awaitExit()).as(again.report()).isZero();
        assertThat(callIds(again.messages())).doesNotContainAnyElementsOf(callIds(ok.messages()));

        KamailioCarrier dead = KamailioCarrier.builder("tp-dead").mode(KamailioCarrier.Mode.DROP).build().start();
        try {
            SippRun failed = SippRun.scenario("tp-unanswered", "options-uac.xml").remote(dead.hostPort()).calls(1)
                    .timeLimit(Duration.ofSeconds(2)).start();
            assertThat(failed.awaitExit()).as("no 200 within the time limit").isNotZero();
            assertThat(dead.received("OPTIONS")).isNotEmpty();
        } finally {
            dead.stop();
        }
    }

    @Test
    void stoppedKilledAndExitedPeersLeaveNoContainer() {
        KamailioCarrier a = KamailioCarrier.builder("tp-gone-a").build().start();
        KamailioCarrier b = KamailioCarrier.builder("tp-gone-b").build().start();
        SippRun run = SippRun.scenario("tp-gone", "options-uac.xml").remote(a.hostPort()).calls(1)
                .timeLimit(Duration.ofSeconds(10)).start();
        assertThat(sessionContainers()).hasSizeGreaterThanOrEqualTo(3);

        assertThat(run.awaitExit()).isZero();
        a.stop();
        b.kill();

        assertThat(sessionContainers()).isEmpty();
    }

    /**
     * The carrier relays two requests of a dialog in the order it got them: SIPp callees check the
     * order of what they receive, and the engine often sends two requests back to back (the ACK of
     * a re-INVITE's 2xx, then a BYE). Kamailio's UDP workers each read the one socket, so with two of
     * them the second request could leave first (about 2 % of such pairs here).
     *
     * <p>At most {@value #CALLS_IN_FLIGHT} calls are in flight (sent, their BYE not yet read), so the
     * test's own socket cannot overflow while its reader is slow: an ACK dropped there is never
     * resent while the carrier resends its BYE, and such a loss looked like a reordering before
     * (CI, stop 24: 38 calls in one burst). A loss is reported apart from a reordering.
     */
    @Test
    void carrierRelaysADialogsRequestsInTheOrderTheyCame() throws Exception {
        carrier = KamailioCarrier.builder("tp-order").address("127.0.0.5").build().start();
        int pairs = 2_000;
        try (DatagramSocket callee = new DatagramSocket(new InetSocketAddress("127.0.0.5", 0));
             DatagramSocket caller = new DatagramSocket(new InetSocketAddress("127.0.0.5", 0))) {
            callee.setSoTimeout(3000);
            InetSocketAddress to = new InetSocketAddress(carrier.address(), carrier.port());
            Semaphore inFlight = new Semaphore(CALLS_IN_FLIGHT);
            ArrivalOrder arrivals = new ArrivalOrder();
            Thread reader = new Thread(() -> readUntilQuiet(callee, pairs, arrivals, inFlight), "tp-order-callee");
            reader.start();
            for (int i = 0; i < pairs; i++) {
                assertThat(inFlight.tryAcquire(5, TimeUnit.SECONDS))
                        .as("a BYE read within 5 s of call %d's turn", i).isTrue();
                send(caller, to, inDialog("ACK", 2, i, carrier, callee));
                send(caller, to, inDialog("BYE", 3, i, carrier, callee));
                LockSupport.parkNanos(500_000);
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(arrivals.byeCame()).as("calls whose BYE reached the callee").hasSize(pairs);
            assertThat(arrivals.ackAfterBye()).as("calls whose BYE reached the callee before their ACK").isEmpty();
            assertThat(arrivals.ackNeverCame()).as("calls whose ACK never reached the callee").isEmpty();
        }
    }

    private static final int CALLS_IN_FLIGHT = 20;

    /** An in-dialog request (To tag, a Route to the carrier) of call {@code i}, to the callee's socket. */
    private static String inDialog(String method, int cseq, int i, KamailioCarrier c, DatagramSocket callee) {
        String from = "127.0.0.5";
        return method + " sip:callee@127.0.0.5:" + callee.getLocalPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + from + ";branch=z9hG4bK-order-" + method + i + "\r\n"
                + "Route: <sip:" + c.hostPort() + ";lr>\r\n"
                + "From: <sip:pbx@" + from + ">;tag=a" + i + "\r\n"
                + "To: <sip:callee@127.0.0.5>;tag=b" + i + "\r\n"
                + "Call-ID: order-" + i + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    /** Which calls' ACK and BYE reached the callee, and for which the BYE came first. */
    private static final class ArrivalOrder {
        private final Set<String> ack = new HashSet<>();
        private final Set<String> bye = new LinkedHashSet<>();
        private final Set<String> ackAfterBye = new LinkedHashSet<>();

        /** True when this is the call's first BYE (the carrier resends a BYE left unanswered). */
        synchronized boolean arrived(String callId, String method) {
            if (method.equals("ACK")) {
                ack.add(callId);
                if (bye.contains(callId)) {
                    ackAfterBye.add(callId);
                }
                return false;
            }
            return bye.add(callId);
        }

        synchronized Set<String> byeCame() {
            return Set.copyOf(bye);
        }

        synchronized List<String> ackAfterBye() {
            return List.copyOf(ackAfterBye);
        }

        synchronized List<String> ackNeverCame() {
            return bye.stream().filter(id -> !ack.contains(id)).toList();
        }
    }

    /**
     * Reads what the carrier relays to {@code callee} until every call's BYE came (or 3 s of quiet),
     * answering each BYE 200 as a callee does and giving its call's place in flight back.
     */
    private static void readUntilQuiet(DatagramSocket callee, int calls, ArrivalOrder arrivals, Semaphore inFlight) {
        DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
        try {
            while (arrivals.byeCame().size() < calls) {
                callee.receive(p);
                String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                String method = msg.substring(0, msg.indexOf(' '));
                String callId = msg.lines().filter(l -> l.startsWith("Call-ID:")).findFirst().orElseThrow()
                        .substring("Call-ID:".length()).trim();
                if (arrivals.arrived(callId, method)) {
                    inFlight.release();
                }
                if (method.equals("BYE")) {
                    String ok = "SIP/2.0 200 OK\r\n" + msg.lines()
                            .filter(l -> l.matches("(?i)(Via|From|To|Call-ID|CSeq):.*"))
                            .map(l -> l + "\r\n").collect(Collectors.joining())
                            + "Content-Length: 0\r\n\r\n";
                    send(callee, (InetSocketAddress) p.getSocketAddress(), ok);
                }
            }
        } catch (SocketTimeoutException quiet) {
            // what came is what the assertions see
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(DatagramSocket s, InetSocketAddress to, String msg) throws IOException {
        byte[] b = msg.getBytes(StandardCharsets.US_ASCII);
        s.send(new DatagramPacket(b, b.length, to));
    }

    private static List<String> callIds(String messages) {
        return messages.lines().filter(l -> l.startsWith("Call-ID:")).distinct().toList();
    }

    private static List<Container> sessionContainers() {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerEngine.SESSION_LABEL, ContainerEngine.session())).exec();
    }

    /** One OPTIONS from the test JVM itself: the carrier answers 200 and logs it. */
    private static void sendOptions(KamailioCarrier c, String callId) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(3000);
            String local = "127.0.0.1:" + s.getLocalPort();
            String msg = "OPTIONS sip:" + c.hostPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-" + callId + "\r\n"
                    + "From: <sip:test@" + local + ">;tag=" + callId + "\r\n"
                    + "To: <sip:" + c.hostPort() + ">\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            byte[] b = msg.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(b, b.length, new InetSocketAddress(c.address(), c.port())));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            s.receive(answer);
            assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII))
                    .startsWith("SIP/2.0 200 OK");
        }
    }
}
