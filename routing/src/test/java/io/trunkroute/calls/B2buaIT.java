package io.trunkroute.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.trunkroute.sip.SipComponent;
import io.trunkroute.testpeers.CalleePeer;
import io.trunkroute.testpeers.FreePorts;
import io.trunkroute.testpeers.KamailioCarrier;
import io.trunkroute.testpeers.PbxPeer;
import io.trunkroute.testpeers.SippRun;
import io.trunkroute.testpeers.TestSecrets;
import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Secret;
import io.trunkroute.trunks.model.Tenant;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The B2BUA against real peers: SIPp as the PBX and the callees, Kamailio carriers that demand a
 * 407 digest on INVITE and relay to their callee. Routing here is a fixed trunk order per number
 * (least-cost ranking is covered with the engine); what is tested is the call path itself.
 */
class B2buaIT {

    private static final String PW = TestSecrets.newPassword("b2bua");
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Duration WAITING = SippRun.WAITING_FOR_A_CALL;

    private static final List<Trunk> trunks = new CopyOnWriteArrayList<>();
    private static final Map<String, List<Trunk>> routes = new ConcurrentHashMap<>();
    private static final List<CallRecord> ended = new CopyOnWriteArrayList<>();
    private static final LocalChannelLedger ledger = new LocalChannelLedger();
    private static CamelContext camel;
    private static SipComponent sip;
    private static CallService calls;
    private static String engine;
    private static int pbxInboundPort;

    private final List<KamailioCarrier> carriers = new ArrayList<>();
    private final List<CalleePeer> callees = new ArrayList<>();
    private final PbxPeer pbx = new PbxPeer("127.0.0.1", "201");

    @BeforeAll
    static void startEngine() throws Exception {
        int sipPort = FreePorts.udpAndTcp();
        pbxInboundPort = FreePorts.udpAndTcp();
        engine = "127.0.0.1:" + sipPort;
        camel = new DefaultCamelContext();
        sip = new SipComponent();
        sip.setPort(sipPort);
        camel.addComponent("sip", sip);
        Tenant acme = new Tenant("acme", "Acme", "RU", ZoneId.of("Europe/Moscow"), List.of(
                new Tenant.PbxAddress("127.0.0.1", pbxInboundPort), new Tenant.PbxAddress("127.0.0.1", null)));
        TenantDirectory tenants = new TenantDirectory(List.of(acme));
        CallRouter router = (tenant, caller, dialled) -> {
            List<Trunk> order = routes.get(dialled);
            if (order == null) {
                return RoutePlan.reject(dialled, 404, "No Route");
            }
            return RoutePlan.route("+" + dialled, order.stream().map(t -> new RouteCandidate(t, Target.of(t),
                    dialled, "74956029613", "7", new BigDecimal("1.00"), BigDecimal.ZERO, 60, 60, "RUB")).toList());
        };
        NumberNormalizer normalizer = (tenant, raw) -> Optional.of("+" + raw.replaceAll("[^0-9]", ""));
        CallSettings settings = new CallSettings(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofMinutes(5),
                Duration.ofSeconds(10));
        camel.start();
        calls = new CallService(sip.getNode(), ledger, router, normalizer, () -> tenants, () -> trunks,
                new InboundTrunkMatcher(), settings, new CallListener() {
                    @Override
                    public void onCallEnded(CallRecord record) {
                        ended.add(record);
                    }
                }, Clock.systemUTC());
        camel.addRoutes(new CallRoutes(() -> calls));
    }

    @AfterAll
    static void stopEngine() {
        if (camel != null) {
            camel.stop();
        }
    }

    @AfterEach
    void stopPeers() {
        callees.forEach(CalleePeer::stop);
        carriers.forEach(KamailioCarrier::stop);
        trunks.clear();
        routes.clear();
    }

    private KamailioCarrier carrier(String name, String address, String user, CalleePeer callee,
                                    java.util.function.UnaryOperator<KamailioCarrier.Builder> extra) {
        KamailioCarrier.Builder b = KamailioCarrier.builder(name).address(address).user(user, PW);
        if (callee != null) {
            b.callee(callee.hostPort());
        }
        KamailioCarrier c = extra.apply(b).build().start();
        carriers.add(c);
        return c;
    }

    private CalleePeer callee(CalleePeer c) {
        callees.add(c);
        return c;
    }

    private static Trunk trunk(String id, KamailioCarrier carrier, String user, Integer channels, List<String> dids) {
        Trunk t = new Trunk(id, "acme", id, carrier.address(), carrier.port(), TrunkTransport.UDP, null,
                new TrunkAuth.Password(user, Secret.of(PW), null), true, 360, channels, null, "+74956029613", dids,
                InviteFormat.E164, List.of(), 10, true);
        trunks.add(t);
        calls.refreshCarrierAddresses();
        return t;
    }

    /** Routes {@code number} through one trunk, "a", on {@code carrier} with login {@code user}. */
    private static void routeVia(String number, KamailioCarrier carrier, String user) {
        routes.put(number, List.of(trunk("a", carrier, user, 10, List.of())));
    }

    private static CallRecord lastCdr() {
        return ended.get(ended.size() - 1);
    }

    /**
     * The callee SIPp passed its scenario, every channel is back, and the last CDR ends for
     * {@code reason}.
     */
    private static void assertEnded(CalleePeer callee, String reason) {
        assertThat(callee.awaitExit()).as(callee.report()).isZero();
        assertNoChannelsHeld();
        assertThat(lastCdr().endReason()).isEqualTo(reason);
    }

    private static void assertNoChannelsHeld() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ledger.snapshot().values()).allMatch(n -> n == 0);
            assertThat(calls.activeCalls()).isZero();
        });
        // Nor a timer: the only one longer than a minute here is a call's max duration (5 min); left
        // queued after its call ended, one per call, they would fill the heap under steady load.
        assertThat(((ScheduledThreadPoolExecutor) sip.getNode().timers()).getQueue())
                .as("timers still queued after every call ended")
                .noneMatch(t -> ((Delayed) t).getDelay(TimeUnit.SECONDS) > 60);
    }

    private static void assertPassed(SippRun run) {
        assertThat(run.awaitExit()).as(run.report()).isZero();
    }

    @Test
    void failsOverToTheNextTrunkOn503AndAnswersThe407OnTheWay() {
        KamailioCarrier a = carrier("b2-a503", "127.0.0.2", "7101", null, b -> b.inviteReply(503, "Service Unavailable"));
        CalleePeer calleeB = callee(CalleePeer.answering("callee-b", "127.0.0.3", 1, WAITING));
        KamailioCarrier b = carrier("b2-b", "127.0.0.3", "7102", calleeB, x -> x);
        routes.put("79001234567", List.of(trunk("a", a, "7101", 10, List.of()), trunk("b", b, "7102", 10, List.of())));

        assertPassed(pbx.call(engine, "79001234567", 1, 500, "callee-b", LIMIT));

        assertThat(a.callsAccepted()).hasSize(1);
        assertThat(b.callsAccepted()).hasSize(1);
        assertThat(calleeB.awaitExit()).as(calleeB.report()).isZero();
        assertNoChannelsHeld();
        CallRecord cdr = lastCdr();
        assertThat(cdr.attempts()).extracting(TrunkAttempt::code).containsExactly(503, 200);
        assertThat(cdr.answered().trunk().id()).isEqualTo("b");
    }

    /**
     * A callee whose first ACK "got lost" repeats its 200 OK 1.5 s later, long after the engine's
     * INVITE transaction ended: the engine must ACK it again (else the callee would hang up after
     * Timer H), and does so from the dialog without the stack's scan of every client transaction.
     */
    @Test
    void aRepeated200IsAckedAgainLongAfterItsTransactionEnded() {
        CalleePeer twice = callee(CalleePeer.answeringTwice("callee-twice", "127.0.0.2", 1500, WAITING));
        KamailioCarrier a = carrier("b2-twice", "127.0.0.2", "7115", twice, x -> x);
        routeVia("79001234575", a, "7115");
        long before = sip.getNode().strayInvite2xxAcked();

        assertPassed(pbx.call(engine, "79001234575", 1, 4000, "callee-twice", LIMIT));

        assertThat(twice.awaitExit()).as("the callee got its second ACK: " + twice.report()).isZero();
        assertThat(twice.requestsReceived("ACK")).as("ACKs at the callee (a third if the first took over 500 ms)")
                .hasSizeBetween(2, 3);
        assertThat(sip.getNode().strayInvite2xxAcked() - before).as("ACKs resent from the dialog").isPositive();
        assertNoChannelsHeld();
    }

    @Test
    void neverFailsOverOn486() {
        CalleePeer busy = callee(CalleePeer.rejecting("callee-busy", "127.0.0.2", 486, "Busy Here", 1, WAITING));
        KamailioCarrier a = carrier("b2-busy", "127.0.0.2", "7103", busy, x -> x);
        CalleePeer spare = callee(CalleePeer.answering("callee-spare", "127.0.0.3", 1, WAITING));
        KamailioCarrier b = carrier("b2-spare", "127.0.0.3", "7104", spare, x -> x);
        routes.put("79001234568", List.of(trunk("a", a, "7103", 10, List.of()), trunk("b", b, "7104", 10, List.of())));

        assertPassed(pbx.callExpecting(engine, "79001234568", 486, LIMIT));

        assertThat(busy.awaitExit()).as(busy.report()).isZero();
        assertThat(b.received("INVITE")).isEmpty();
        assertNoChannelsHeld();
    }

    @Test
    void failsOverWhenACarrierSaysNothingWithinTheTryingTimeout() {
        KamailioCarrier dead = carrier("b2-dead", "127.0.0.2", "7105", null, x -> x.mode(KamailioCarrier.Mode.DROP));
        CalleePeer calleeB = callee(CalleePeer.answering("callee-b2", "127.0.0.3", 1, WAITING));
        KamailioCarrier b = carrier("b2-alive", "127.0.0.3", "7106", calleeB, x -> x);
        routes.put("79001234569", List.of(trunk("a", dead, "7105", 10, List.of()), trunk("b", b, "7106", 10, List.of())));

        assertPassed(pbx.call(engine, "79001234569", 1, 300, "callee-b2", LIMIT));

        assertThat(dead.received("INVITE")).isNotEmpty();
        assertThat(b.callsAccepted()).hasSize(1);
        assertNoChannelsHeld();
    }

    @Test
    void cancelWhileRingingCancelsTheCarrierLegAndReleasesTheChannel() {
        CalleePeer ringing = callee(CalleePeer.ringing("callee-ring", "127.0.0.2", 1, WAITING));
        KamailioCarrier a = carrier("b2-ring", "127.0.0.2", "7107", ringing, x -> x);
        routeVia("79001234570", a, "7107");

        assertPassed(pbx.cancelWhileRinging(engine, "79001234570", 1000, LIMIT));

        assertThat(ringing.awaitExit()).as("the callee saw the CANCEL: " + ringing.report()).isZero();
        assertNoChannelsHeld();
        assertThat(lastCdr().finalCode()).isEqualTo(487);
    }

    /**
     * Nobody answers within the ring timeout (20 s here): the caller gets 480 at once and the
     * carrier leg is cancelled. This callee ignores the CANCEL and answers 5 s later: the answer
     * crosses the CANCEL and is ACKed and hung up by the call itself, and the caller, who already
     * has its 480, never sees it.
     */
    /**
     * The engine stopping while a call rings (CallService.hangUpAll, as at shutdown): the PBX gets
     * 503, the carrier leg is cancelled, the channel comes back, and the CDR says 503 and why, not
     * the 487 of a caller's own CANCEL.
     */
    @Test
    void stoppingTheEngineWhileACallRingsAnswers503AndCancelsTheCarrierLeg() {
        CalleePeer ringing = callee(CalleePeer.ringing("callee-stop", "127.0.0.2", 1, WAITING));
        KamailioCarrier a = carrier("b2-stop", "127.0.0.2", "7118", ringing, x -> x);
        routeVia("79001234578", a, "7118");
        int endedBefore = ended.size();

        SippRun caller = pbx.callExpecting(engine, "79001234578", 503, LIMIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.callsAccepted().size() == 1 && calls.activeCalls() == 1);
        calls.hangUpAll("engine stopping");

        assertPassed(caller);
        assertThat(ringing.awaitExit()).as("the callee saw the CANCEL: " + ringing.report()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> ended.size() > endedBefore);
        assertNoChannelsHeld();
        CallRecord cdr = lastCdr();
        assertThat(cdr.finalCode()).isEqualTo(503);
        assertThat(cdr.endReason()).isEqualTo("engine stopping");
    }

    @Test
    void aCallNobodyAnswersGets480AtTheRingTimeoutAndALateAnswerIsHungUp() {
        CalleePeer late = callee(CalleePeer.ignoringCancel("callee-noanswer", "127.0.0.2", 5_000, true,
                WAITING));
        KamailioCarrier a = carrier("b2-noanswer", "127.0.0.2", "7117", late, x -> x);
        routeVia("79001234577", a, "7117");
        int endedBefore = ended.size();
        long unwantedBefore = sip.getNode().unwantedAnswersEnded();

        assertPassed(pbx.callExpecting(engine, "79001234577", 480, Duration.ofSeconds(40)));

        assertThat(late.awaitExit()).as("the late answer was ACKed and hung up: " + late.report()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> ended.size() > endedBefore);
        assertNoChannelsHeld();
        CallRecord cdr = lastCdr();
        assertThat(cdr.finalCode()).isEqualTo(480);
        assertThat(cdr.endReason()).isEqualTo("answered after the ring timeout");
        assertThat(sip.getNode().unwantedAnswersEnded() - unwantedBefore).as("ended by the call, not the stack")
                .isZero();
    }

    /**
     * RFC 3261 9.1: a cancelled INVITE that never gets its final response is given up 64*T1 (32 s)
     * after the CANCEL. Until then the channel stays taken (the carrier may still be connecting
     * the call); after that it must come back, or one broken carrier leaks a channel per call. The
     * callee then answers after all (34 s after the CANCEL reached it): RFC 3261 13.2.2.4 and 15
     * have the engine ACK that answer and hang it up. This carrier challenges requests inside a
     * call, so the BYE must answer its 407 with the trunk's credentials to reach the callee.
     */
    @Test
    void aCarrierThatNeverEndsACancelledInviteGetsItsChannelBackAfter32SecondsAndALaterAnswerIsHungUp() {
        lateAnswerAfterCancelIsHungUp("callee-deaf", "7116", "79001234576", true);
    }

    /**
     * The same with the late answer from another branch: a new To tag, no dialog at the engine
     * that knows the INVITE; its credentials are found by Call-ID and From tag.
     */
    @Test
    void aLateAnswerFromAnotherBranchIsHungUpToo() {
        lateAnswerAfterCancelIsHungUp("callee-deaf2", "7118", "79001234578", false);
    }

    private void lateAnswerAfterCancelIsHungUp(String calleeName, String login, String number, boolean sameTag) {
        CalleePeer deaf = callee(CalleePeer.ignoringCancel(calleeName, "127.0.0.2", 34_000, sameTag,
                WAITING));
        KamailioCarrier a = carrier("b2-" + calleeName, "127.0.0.2", login, deaf, x -> x.inDialogAuth(true));
        routeVia(number, a, login);
        int endedBefore = ended.size();
        long unwantedBefore = sip.getNode().unwantedAnswersEnded();

        assertPassed(pbx.cancelWhileRinging(engine, number, 1000, LIMIT));

        assertThat(ledger.snapshot().get("a")).as("held while the carrier may still answer").isEqualTo(1);
        await().atMost(Duration.ofSeconds(45)).until(() -> ended.size() > endedBefore);
        assertNoChannelsHeld();
        CallRecord cdr = lastCdr();
        assertThat(cdr.finalCode()).isEqualTo(487);
        assertThat(cdr.attempts()).singleElement().satisfies(t -> assertThat(t.reason()).contains("of its CANCEL"));

        // SIPp passes only if its late 200 got an ACK and then a BYE (through the carrier's Record-Route).
        assertThat(deaf.awaitExit()).as("the late answer was ACKed and hung up: " + deaf.report()).isZero();
        assertThat(sip.getNode().unwantedAnswersEnded() - unwantedBefore).isEqualTo(1);
        // Its ACK repeats the credentials of the INVITE it answers (RFC 3261 section 13.2.2.4), and
        // its BYE, challenged, comes again with them.
        assertThat(a.log()).anyMatch(l -> l.contains("TRKR-INDIALOG ACK") && l.contains("cseq=2 creds=yes"))
                .anyMatch(l -> l.contains("TRKR-INDIALOG-CHALLENGE BYE"))
                .anyMatch(l -> l.contains("TRKR-INDIALOG BYE") && l.contains("creds=yes"))
                .noneMatch(l -> l.contains("TRKR-INDIALOG-AUTH-FAILED"));
        assertNoChannelsHeld();
        assertThat(ended).as("the late answer made no call").hasSize(endedBefore + 1);
    }

    /**
     * A forked INVITE answered on two branches: the call goes on with the first answer, and the
     * second, coming after it, is ACKed and hung up with the trunk's credentials, as the carrier
     * challenges requests inside a call. The callee SIPp checks which dialog each BYE ends.
     */
    @Test
    void aSecondBranchAnsweringAfterTheCallIsUpIsHungUpWithTheTrunksCredentials() {
        CalleePeer twice = callee(CalleePeer.answeringOnTwoBranches("callee-fork", "127.0.0.2", 500, WAITING));
        KamailioCarrier a = carrier("b2-fork", "127.0.0.2", "7121", twice, x -> x.inDialogAuth(true));
        routeVia("79001234580", a, "7121");
        long unwantedBefore = sip.getNode().unwantedAnswersEnded();

        assertPassed(pbx.call(engine, "79001234580", 1, 6000, "callee-fork", LIMIT));

        assertThat(twice.awaitExit()).as("the second answer was ACKed and hung up, the first call ended by "
                + "its own BYE: " + twice.report()).isZero();
        assertThat(sip.getNode().unwantedAnswersEnded() - unwantedBefore).isEqualTo(1);
        assertNoChannelsHeld();
        assertThat(lastCdr().endReason()).isEqualTo("caller hung up");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(a.log())
                .anyMatch(l -> l.contains("TRKR-INDIALOG ACK") && l.contains("creds=yes") && l.contains("SIPpFork"))
                .anyMatch(l -> l.contains("TRKR-INDIALOG BYE") && l.contains("creds=yes") && l.contains("SIPpFork"))
                .anyMatch(l -> l.contains("TRKR-INDIALOG BYE") && l.contains("creds=yes") && l.contains("SIPpTag01"))
                .noneMatch(l -> l.contains("TRKR-INDIALOG") && l.contains("creds=no"))
                .noneMatch(l -> l.contains("TRKR-INDIALOG-AUTH-FAILED")));
    }

    /**
     * The same with a delayed offer from the PBX (no SDP in its INVITE): both answers carry an
     * offer. The first reaches the PBX, whose answer goes in that branch's ACK; the second, unwanted,
     * is ACKed with an answer refusing its offer (port 0) and hung up (RFC 3261 section 13.2.2.4).
     */
    @Test
    void aSecondBranchsOfferIsRefusedInItsAckBeforeItIsHungUp() {
        assertTheSecondBranchsOfferIsRefused("fork-offer", "7129", "79001234588", x -> x);
    }

    /**
     * The same through a carrier that does not challenge the INVITE: what the engine keeps of an
     * INVITE for answers from other branches is then only that it had no SDP.
     */
    @Test
    void aSecondBranchsOfferIsRefusedToAnInviteSentWithoutCredentials() {
        assertTheSecondBranchsOfferIsRefused("fork-offer-noauth", "7130", "79001234589", x -> x.inviteAuth(false));
    }

    private void assertTheSecondBranchsOfferIsRefused(String name, String login, String number,
            java.util.function.UnaryOperator<KamailioCarrier.Builder> carrierSetup) {
        CalleePeer twice = callee(CalleePeer.answeringADelayedOfferOnTwoBranches("callee-" + name, "127.0.0.2",
                500, WAITING));
        KamailioCarrier a = carrier("b2-" + name, "127.0.0.2", login, twice, carrierSetup);
        routeVia(number, a, login);
        long unwantedBefore = sip.getNode().unwantedAnswersEnded();

        assertPassed(pbx.callWithDelayedOfferOnlyInTheInvite(engine, number, "callee-" + name, 6000, LIMIT));

        assertThat(twice.awaitExit()).as("the second answer's offer was refused in its ACK, then hung up: "
                + twice.report()).isZero();
        assertThat(sip.getNode().unwantedAnswersEnded() - unwantedBefore).isEqualTo(1);
        assertNoChannelsHeld();
        assertThat(lastCdr().endReason()).isEqualTo("caller hung up");
    }

    /**
     * The PBX's INVITE comes again 10 s after the call was answered, as a retransmission does when
     * every response to it was lost: past the end of the stack's INVITE transaction (ended by the
     * 2xx, RFC 3261) and its linger. RFC 6026's Accepted state absorbs it; the RI alone answered
     * it 482 Loop Detected (its check for late merged requests) while the call was up.
     */
    @Test
    void anInviteRepeatedDuringTheCallIsAbsorbed() {
        assertTheCopyIsAbsorbed("repeat", "7126", "79001234585",
                (number, expectSdp) -> pbx.callRepeatingTheInvite(engine, number, expectSdp, 10_000, 1_000, LIMIT));
    }

    /**
     * A copy of the PBX's INVITE, held in a queue or duplicated on the way, arrives 10 s after the
     * call ended, when the stack has forgotten both its transaction and its dialog: it must not
     * become a second call to the callee.
     */
    @Test
    void aCopyOfAnAnsweredInviteArrivingAfterTheCallIsNotCalledAgain() {
        assertTheCopyIsAbsorbed("copy", "7127", "79001234586",
                (number, expectSdp) -> pbx.callThenRepeatTheInvite(engine, number, expectSdp, 500, 10_000, 1_000,
                        LIMIT));
    }

    /**
     * One call to {@code number} through carrier "b2-{@code name}" (login {@code login}) to callee
     * "callee-{@code name}", placed by {@code pbxRun} (number, expected SDP): the carrier takes one
     * INVITE, the engine absorbs one copy, and the call ends as the caller hung up.
     */
    private void assertTheCopyIsAbsorbed(String name, String login, String number,
                                         java.util.function.BiFunction<String, String, SippRun> pbxRun) {
        CalleePeer callee = callee(CalleePeer.answering("callee-" + name, "127.0.0.2", 1, WAITING));
        KamailioCarrier a = carrier("b2-" + name, "127.0.0.2", login, callee, x -> x);
        routeVia(number, a, login);
        long before = sip.getNode().acceptedInvitesAbsorbed();

        assertPassed(pbxRun.apply(number, "callee-" + name));

        assertThat(a.callsAccepted()).as("INVITEs the carrier took").hasSize(1);
        assertThat(sip.getNode().acceptedInvitesAbsorbed() - before).as("copies absorbed").isEqualTo(1);
        assertEnded(callee, "caller hung up");
    }

    @Test
    void aByeFromTheCalleeReachesThePbx() {
        CalleePeer hangsUp = callee(CalleePeer.hangingUp("callee-bye", "127.0.0.2", 1000, 1, WAITING));
        KamailioCarrier a = carrier("b2-bye", "127.0.0.2", "7108", hangsUp, x -> x);
        routeVia("79001234571", a, "7108");

        assertPassed(pbx.callUntilCalleeHangsUp(engine, "79001234571", LIMIT));

        assertEnded(hangsUp, "callee hung up");
    }

    @Test
    void relaysReInviteAndInfoBetweenTheLegsWithTheirSdp() {
        CalleePeer callee = callee(CalleePeer.answeringMidCallRequests("callee-mid", "127.0.0.2", WAITING));
        KamailioCarrier a = carrier("b2-mid", "127.0.0.2", "7114", callee, x -> x);
        routeVia("79001234574", a, "7114");

        assertPassed(pbx.callWithMidCallRequests(engine, "79001234574", "callee-mid", LIMIT));

        assertEnded(callee, "caller hung up");
    }

    /**
     * A carrier that challenges every request inside the call, not only the INVITE: the engine
     * answers the 407 on the re-INVITE, the INFO and the BYE it relays from the PBX with the trunk's
     * credentials, so each reaches the callee; without that the callee would never see them.
     */
    @Test
    void answersTheCarriersChallengesToReInviteInfoAndByeInsideTheCall() {
        CalleePeer callee = callee(CalleePeer.answeringMidCallRequests("callee-auth", "127.0.0.2", WAITING));
        KamailioCarrier a = carrier("b2-dlgauth", "127.0.0.2", "7116", callee, x -> x.inDialogAuth(true));
        routeVia("79001234576", a, "7116");

        assertPassed(pbx.callWithMidCallRequests(engine, "79001234576", "callee-auth", LIMIT));

        assertThat(callee.awaitExit()).as(callee.report()).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> log = a.log();
            assertThat(log).as("the carrier challenged each request inside the call")
                    .anyMatch(l -> l.contains("TRKR-INDIALOG-CHALLENGE INVITE"))
                    .anyMatch(l -> l.contains("TRKR-INDIALOG-CHALLENGE INFO"))
                    .anyMatch(l -> l.contains("TRKR-INDIALOG-CHALLENGE BYE"));
            assertThat(log).as("and relayed each one once it carried the trunk's credentials")
                    .anyMatch(l -> l.contains("TRKR-INDIALOG INVITE"))
                    .anyMatch(l -> l.contains("TRKR-INDIALOG INFO"))
                    .anyMatch(l -> l.contains("TRKR-INDIALOG BYE"))
                    .noneMatch(l -> l.contains("TRKR-INDIALOG-AUTH-FAILED"));
            assertThat(log.stream().filter(l -> l.contains("TRKR-INDIALOG ACK")).toList())
                    .as("the ACKs of the answered INVITE and re-INVITE repeat their credentials")
                    .anyMatch(l -> l.contains("cseq=2 creds=yes"))
                    .anyMatch(l -> l.contains("cseq=4 creds=yes"));
        });
        assertNoChannelsHeld();
        assertThat(lastCdr().endReason()).isEqualTo("caller hung up");
    }

    /**
     * A delayed offer (the PBX's INVITE, and later its re-INVITE, has no SDP): the carrier's 200
     * carries the offer, so its ACK must carry the answer (RFC 3264), which only the PBX's ACK has.
     * The engine holds the carrier's ACK until then; the callee fails unless each ACK has the
     * PBX's answer.
     */
    @Test
    void aDelayedOfferInTheInviteOrAReInviteGetsThePbxsAnswerInTheCarriersAck() {
        CalleePeer callee = callee(CalleePeer.answeringDelayedOffer("callee-late-offer", "127.0.0.2", WAITING));
        KamailioCarrier a = carrier("b2-late-offer", "127.0.0.2", "7120", callee, x -> x);
        routeVia("79001234579", a, "7120");

        assertPassed(pbx.callWithDelayedOffer(engine, "79001234579", "callee-late-offer", 500, LIMIT));

        assertEnded(callee, "caller hung up");
    }

    /**
     * The PBX's ACK with the answer to a delayed offer, and its BYE, can reach the engine in either
     * order (UDP, and the stack's workers take them up in parallel): a BYE that comes first waits a
     * moment for the ACK, so the carrier's ACK still carries the answer.
     */
    @Test
    void aByeOvertakingTheAckWithTheAnswerWaitsForIt() {
        CalleePeer callee = callee(CalleePeer.answeringDelayedOffer("callee-bye-first", "127.0.0.2", WAITING));
        KamailioCarrier a = carrier("b2-bye-first", "127.0.0.2", "7123", callee, x -> x);
        routeVia("79001234582", a, "7123");

        assertPassed(pbx.callWithDelayedOfferAckAfterBye(engine, "79001234582", "callee-bye-first", 500, LIMIT));

        assertEnded(callee, "caller hung up");
    }

    /**
     * A delayed offer in a re-INVITE that the PBX never answers: the ACK to the carrier's 200 is held
     * for the answer, and after {@code Call.HELD_ACK_LIMIT} (16 s) goes without one, so that the RI
     * does not end the carrier's dialog itself at 32 s. The callee SIPp wants its ACK within 20 s,
     * and the PBX hangs up only at 22 s: an ACK held until the hang-up fails it.
     */
    @Test
    void aHeldAckGoesWithoutAnAnswerWhenThePbxNeverAcksItsReInvite() {
        assertThat(Call.HELD_ACK_LIMIT).isLessThan(Duration.ofSeconds(20));
        CalleePeer callee = callee(CalleePeer.offeringInAReInviteNobodyAnswers("callee-unacked", "127.0.0.2",
                20_000, WAITING));
        KamailioCarrier a = carrier("b2-unacked", "127.0.0.2", "7122", callee, x -> x);
        routeVia("79001234581", a, "7122");

        assertPassed(pbx.callLeavingAReInviteUnacked(engine, "79001234581", "callee-unacked",
                22_000, Duration.ofSeconds(60)));

        assertEnded(callee, "caller hung up");
    }

    /**
     * The PBX hangs up instead of ACKing the answer to its delayed-offer re-INVITE: the ACK to the
     * carrier's 200, held for the PBX's answer, goes before the BYE with an answer refusing the
     * offer (port 0), as RFC 3261 section 13.2.2.4 asks of a caller that does not want the session
     * it was offered. The callee SIPp checks the ACK's SDP and that it comes before the BYE.
     */
    @Test
    void aHangUpInsteadOfTheAnswerToAnOfferRefusesItInTheAck() {
        CalleePeer callee = callee(CalleePeer.offeringInAReInviteRefusedByTheHangUp("callee-refused", "127.0.0.2",
                5_000, WAITING));
        KamailioCarrier a = carrier("b2-refused", "127.0.0.2", "7128", callee, x -> x);
        routeVia("79001234587", a, "7128");

        assertPassed(pbx.callLeavingAReInviteUnacked(engine, "79001234587", "callee-refused", 1_000, LIMIT));

        assertEnded(callee, "caller hung up");
    }

    /**
     * The PBX's ACK reaches the stack while the engine is still sending the 200 (here the send's
     * message trace is held up 100 ms to make sure), and its INFO follows at once. The RI then
     * starts the 200's retransmit timer after the ACK, which it did not note, and sent the 200
     * again 500 ms later, during the PBX's quiet (AnswerRetransmitTimer). SIPp ACKs such a repeat,
     * so the PBX's message log is counted.
     */
    @Test
    void anAckThatOvertakesTheSendingOfThe200StopsItsRetransmissions() {
        CalleePeer callee = callee(CalleePeer.answeringAnInfo("callee-early-ack", "127.0.0.2", WAITING));
        KamailioCarrier a = carrier("b2-early-ack", "127.0.0.2", "7124", callee, x -> x);
        routeVia("79001234583", a, "7124");

        assertThePbxGetsThe200OnceWhileItsTraceIsHeldUp("79001234583", "1 INVITE",
                () -> pbx.callWithInfoRightAfterTheAck(engine, "79001234583", "callee-early-ack", 2_000, LIMIT));

        assertEnded(callee, "caller hung up");
    }

    /** The same for the 200 to a re-INVITE, which the engine relays from the callee outside the call's lock. */
    @Test
    void anAckThatOvertakesTheSendingOfAReInvites200StopsItsRetransmissions() {
        CalleePeer callee = callee(CalleePeer.answeringMidCallRequests("callee-early-ack2", "127.0.0.2", WAITING));
        KamailioCarrier a = carrier("b2-early-ack2", "127.0.0.2", "7125", callee, x -> x);
        routeVia("79001234584", a, "7125");

        assertThePbxGetsThe200OnceWhileItsTraceIsHeldUp("79001234584", "2 INVITE",
                () -> pbx.callWithMidCallRequests(engine, "79001234584", "callee-early-ack2", 2_000, LIMIT));

        assertEnded(callee, "caller hung up");
    }

    /**
     * Runs {@code pbx} to its passed end while the engine's trace of its 200 (CSeq {@code cseq}) to
     * {@code number} is held up, and checks in SIPp's message log that the PBX got that 200 once.
     */
    private static void assertThePbxGetsThe200OnceWhileItsTraceIsHeldUp(String number, String cseq,
            Supplier<SippRun> pbx) {
        Logger wire = (Logger) LoggerFactory.getLogger("io.trunkroute.sip.wire");
        assertThat(wire.isDebugEnabled()).as("the send of each message is traced (logback-test.xml)").isTrue();
        SlowTraceOfA200 slow = new SlowTraceOfA200(number, cseq, Duration.ofMillis(100));
        slow.setContext(wire.getLoggerContext());
        slow.start();
        wire.addAppender(slow);
        try {
            SippRun run = pbx.get();
            assertPassed(run);
            assertThat(slow.held).as("the 200's trace was held up").isTrue();
            assertThat(run.receivedCount("SIP/2.0 200", cseq)).as("the PBX got the 200 to %s once: %s", cseq,
                    run.messages()).isEqualTo(1);
        } finally {
            wire.detachAppender(slow);
            slow.stop();
        }
    }

    /**
     * Holds up, once, the thread that traces the engine's 200 with one CSeq to one number. Not an
     * AppenderBase: that one is synchronized, and the ACK's own trace would wait for the hold.
     */
    private static final class SlowTraceOfA200 extends UnsynchronizedAppenderBase<ILoggingEvent> {
        private final String number;
        private final String cseq;
        private final Duration hold;
        volatile boolean held;

        SlowTraceOfA200(String number, String cseq, Duration hold) {
            this.number = number;
            this.cseq = cseq;
            this.hold = hold;
        }

        @Override
        protected void append(ILoggingEvent event) {
            String trace = event.getFormattedMessage();
            if (!held && trace.startsWith("sent") && trace.contains("SIP/2.0 200") && trace.contains("CSeq: " + cseq)
                    && trace.contains("To: <sip:" + number + "@")) {
                held = true;
                try {
                    Thread.sleep(hold.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void aThirdConcurrentCallGoesToTheNextTrunkWhenTheFirstHasTwoChannels() {
        CalleePeer calleeA = callee(CalleePeer.answering("callee-la", "127.0.0.2", 2, WAITING));
        KamailioCarrier a = carrier("b2-lim", "127.0.0.2", "7109", calleeA, x -> x);
        CalleePeer calleeB = callee(CalleePeer.answering("callee-lb", "127.0.0.3", 1, WAITING));
        KamailioCarrier b = carrier("b2-over", "127.0.0.3", "7110", calleeB, x -> x);
        routes.put("79001234572", List.of(trunk("a", a, "7109", 2, List.of()), trunk("b", b, "7110", 10, List.of())));

        SippRun three = pbx.concurrentCalls(engine, "79001234572", 3, 3, 3000, "callee-l.", LIMIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.inUse("a") == 2 && ledger.inUse("b") == 1);
        assertPassed(three);

        assertThat(a.callsAccepted()).hasSize(2);
        assertThat(b.callsAccepted()).hasSize(1);
        assertNoChannelsHeld();
    }

    @Test
    void anInviteFromAnAddressThatIsNoPbxGets403AndNothingLeaves() {
        CalleePeer callee = callee(CalleePeer.answering("callee-x", "127.0.0.2", 1, WAITING));
        KamailioCarrier a = carrier("b2-x", "127.0.0.2", "7111", callee, x -> x);
        routeVia("79001234573", a, "7111");

        assertPassed(new PbxPeer("127.0.0.9", "666").callExpecting(engine, "79001234573", 403, LIMIT));

        assertThat(a.received("INVITE")).isEmpty();
    }

    @Test
    void anInboundCallToADidReachesTheTenantsPbx() {
        KamailioCarrier a = carrier("b2-in", "127.0.0.2", "7112", null, x -> x);
        trunk("a", a, "7112", 10, List.of("+74956029614"));
        SippRun pbxAnswers = pbx.answerInbound(pbxInboundPort, 1, WAITING);

        // The carrier's INVITE comes from the carrier's address (127.0.0.2), to the DID.
        assertPassed(new PbxPeer("127.0.0.2", "79161234567").call(engine, "74956029614", 1, 300, "pbx-answer", LIMIT));

        assertPassed(pbxAnswers);
        assertThat(pbxAnswers.receivedRequestLines("INVITE")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("INVITE sip:+74956029614@127.0.0.1:" + pbxInboundPort));
        assertNoChannelsHeld();
    }

    /**
     * Inbound, the carrier is on the caller's side: when the PBX hangs up, the BYE the engine sends
     * the carrier is challenged (401), and it goes again with the trunk's credentials. The carrier
     * SIPp checks the digest itself and fails without it.
     */
    @Test
    void anInboundCallsByeAnswersTheCarriersChallenge() {
        KamailioCarrier a = carrier("b2-in3", "127.0.0.2", "7119", null, x -> x);
        trunk("a", a, "7119", 10, List.of("+74956029616"));
        SippRun pbxHangsUp = pbx.answerInboundAndHangUp(pbxInboundPort, 500, WAITING);

        SippRun carrierCall = new PbxPeer("127.0.0.2", "79161234567")
                .callChallengingTheBye(engine, "74956029616", "carrier.example", "7119", PW, LIMIT);

        assertPassed(pbxHangsUp);
        assertPassed(carrierCall);
        assertThat(carrierCall.receivedRequestLines("BYE")).as("challenged, then sent again").hasSize(2);
        assertNoChannelsHeld();
        assertThat(lastCdr().endReason()).isEqualTo("callee hung up");
    }

    @Test
    void anInboundInviteFromAnUnknownSourceGets403() {
        KamailioCarrier a = carrier("b2-in2", "127.0.0.2", "7113", null, x -> x);
        trunk("a", a, "7113", 10, List.of("+74956029615"));

        assertPassed(new PbxPeer("127.0.0.8", "79161234567").callExpecting(engine, "74956029615", 403, LIMIT));
    }
}
