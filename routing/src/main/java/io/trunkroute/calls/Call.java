package io.trunkroute.calls;

import io.trunkroute.sip.auth.DigestCredentials;
import io.trunkroute.sip.auth.DigestSession;
import io.trunkroute.sip.client.OutgoingRequest;
import io.trunkroute.sip.client.RequestSpec;
import io.trunkroute.sip.client.SipClient;
import io.trunkroute.sip.client.SipRequestFactory;
import io.trunkroute.sip.client.SipResult;
import io.trunkroute.sip.stack.CancelHandler;
import io.trunkroute.sip.stack.DialogHandler;
import io.trunkroute.sip.stack.IncomingRequest;
import io.trunkroute.sip.stack.SipNode;
import io.trunkroute.sip.stack.SipTransport;
import io.trunkroute.trunks.model.Trunk;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridged call (B2BUA): the caller's leg ({@link ServerLeg}) and, one after another, an INVITE
 * to each candidate trunk until one answers. Per candidate: take a channel, INVITE in the trunk's
 * format with its credentials (401/407 answered below), relay 18x; on a failover code or silence
 * release and try the next; on any other final response relay it and stop. Once answered, the two
 * dialogs are bridged: ACK each side, BYE relayed either way, re-INVITE/UPDATE/INFO relayed, SDP
 * untouched. Every path ends in {@link #end}, which releases the channel exactly once.
 *
 * <p>All event handlers lock the call: events of one call are handled one at a time.
 */
final class Call implements CancelHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Call.class);

    /**
     * One line per call at its end, under its own logger so that it can be switched on alone
     * ({@code io.trunkroute.calls.ended} at INFO). The shipped logback.xml leaves it off: the CDR
     * table already records every call, and at carrier rates the line is gigabytes an hour
     * (routing/README.md, "Logging").
     */
    private static final Logger ENDED = LoggerFactory.getLogger("io.trunkroute.calls.ended");

    /**
     * How long an ACK waits for the other side's SDP answer: half the 32 s after which the stack
     * hangs up a dialog whose 2xx was never ACKed. The near side's ACK normally follows within a
     * round trip; the stack repeats the 2xx to it meanwhile (0.5, 1, 2, 4, 4... s).
     */
    static final Duration HELD_ACK_LIMIT = Duration.ofSeconds(16);
    /**
     * How long a BYE waits for the ACK its side owes a held ACK. A side that ACKs a delayed offer
     * and hangs up at once sends the two back to back, and the stack's workers may take the BYE
     * up first; the ACK, and the answer in it, would then come after its held ACK had gone without
     * one. Shorter than T1, so the BYE is not repeated meanwhile.
     */
    static final long ACK_BEFORE_BYE_MS = 250;

    enum State { ROUTING, ANSWERED, ENDED }

    private final String id;
    private final CallRecord.Direction direction;
    private final String tenant;
    private final String caller;
    private final RoutePlan plan;
    private final ServerLeg a;
    private final SipNode node;
    private final SipClient client;
    private final SipRequestFactory requests;
    private final ChannelLedger ledger;
    private final CallSettings settings;
    private final CallListener listener;
    private final Clock clock;
    private final Runnable onEnded;

    private final List<TrunkAttempt> attempts = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final Instant start;
    private Instant firstResponse;
    private Instant answerTime;

    private State state = State.ROUTING;
    private int index = -1;
    private RouteCandidate current;
    private ChannelLease lease;
    private OutgoingRequest bInvite;
    private Dialog bDialog;
    /**
     * The credentials of the INVITE the callee answered (DigestSession.credentialsOf): its ACKs carry
     * the same (RFC 3261 section 13.2.2.4). Not the INVITE itself, some 6 KB held for the whole call.
     */
    private List<Header> bCredentials;
    /** ACKs waiting for the other side's SDP answer (delayed offers). */
    private final HeldAcks heldAcks = new HeldAcks();
    /** BYEs already put off once for an ACK (byeWaitsForAck); null until one is, as in most calls. */
    private java.util.Set<IncomingRequest> byesPutOff;
    private boolean cancelled;
    /** Set when the engine, not the caller, cancelled the call (shutdown): the CDR says so. */
    private String stoppedBecause;
    private boolean ringTimedOut;
    private boolean acked;
    private ScheduledFuture<?> ringTimer;
    private ScheduledFuture<?> ackTimer;
    private ScheduledFuture<?> maxDurationTimer;

    Call(String id, CallRecord.Direction direction, String tenant, String caller, RoutePlan plan, ServerLeg a,
         SipNode node, SipClient client, ChannelLedger ledger, CallSettings settings, CallListener listener,
         Clock clock, Runnable onEnded) {
        this.id = id;
        this.direction = direction;
        this.tenant = tenant;
        this.caller = caller;
        this.plan = plan;
        this.a = a;
        this.node = node;
        this.client = client;
        this.requests = new SipRequestFactory(node);
        this.ledger = ledger;
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.onEnded = onEnded;
        this.start = clock.instant();
    }

    String id() {
        return id;
    }

    synchronized State state() {
        return state;
    }

    /** 100 Trying to the caller at once (stops its retransmissions), then the first candidate. */
    synchronized void start() {
        a.transaction().setApplicationData(this);
        a.dialog().setApplicationData(new CallerSide());
        a.trying();
        tryNext();
    }

    private void tryNext() {
        while (++index < plan.candidates().size()) {
            RouteCandidate c = plan.candidates().get(index);
            ChannelLedger.Acquisition acq = ledger.tryAcquire(c.trunk(), id);
            if (!acq.isGranted()) {
                skipped.add(c.trunk().id() + ": " + acq.refusal());
                listener.onChannelRefused(c.trunk().id(), acq.kind());
                LOG.info("call {}: trunk {} skipped: {}", id, c.trunk().id(), acq.refusal());
                continue;
            }
            lease = acq.lease();
            current = c;
            Request invite;
            try {
                invite = requests.create(inviteSpec(c));
            } catch (RuntimeException e) {
                LOG.warn("call {}: cannot build INVITE for trunk {}: {}", id, c.trunk().id(), e.getMessage());
                recordAttempt(c.trunk(), 0, "cannot build INVITE", true);
                releaseLease();
                continue;
            }
            // Per-call progress is DEBUG: at hundreds of calls a second INFO keeps one line per call
            // (its end, below) and the CDR carries the rest.
            LOG.debug("call {}: trying trunk {} ({} of {}) for {}", id, c.trunk().id(), index + 1,
                    plan.candidates().size(), invite.getRequestURI());
            OutgoingRequest attempt = client.start(invite, c.target().credentials(), settings.tryingTimeout(),
                    r -> onProvisional(c, r));
            bInvite = attempt;
            attempt.result().whenComplete((result, failure) -> onFinal(attempt, c, result, failure));
            ringTimer = node.timers().schedule(() -> onRingTimeout(attempt), settings.ringTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            return;
        }
        TrunkAttempt best = FinalResponseSelector.select(attempts);
        int code = attempts.isEmpty() && !skipped.isEmpty() ? Response.SERVICE_UNAVAILABLE : best.code();
        String reason = attempts.isEmpty() && !skipped.isEmpty() ? "No Channel Available" : best.reason();
        LOG.info("call {}: no trunk carried it; answering {} {}", id, code, reason);
        a.reject(code, reason);
        end(code, "no trunk carried the call");
    }

    private RequestSpec inviteSpec(RouteCandidate c) {
        Target t = c.target();
        String host = t.uriHost();
        String contactUser = t.contactUser() != null ? t.contactUser() : c.callerUser();
        RequestSpec.Builder b = RequestSpec.builder(Request.INVITE)
                .requestUri("sip:" + c.requestUser() + "@" + host + ":" + t.port())
                .to("sip:" + c.requestUser() + "@" + host)
                .from("sip:" + c.callerUser() + "@" + host)
                .contact("sip:" + contactUser + "@" + node.settings().advertisedAddress() + ":" + node.settings().port()
                        + ";transport=" + t.transport())
                .transport(SipTransport.fromToken(t.transport()))
                .outboundProxy(t.outboundProxy())
                .header("P-Asserted-Identity", "<sip:" + c.callerUser() + "@" + host + ">")
                .header("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO")
                .body(a.request().getRawContent(), contentType(a.request()));
        return b.build();
    }

    private static String contentType(Request r) {
        javax.sip.header.ContentTypeHeader ct = ServerLeg.contentType(r);
        return ct == null ? null : ct.getContentType() + "/" + ct.getContentSubType();
    }

    private synchronized void onProvisional(RouteCandidate c, Response r) {
        if (state != State.ROUTING || cancelled || c != current || r.getStatusCode() == Response.TRYING) {
            return;
        }
        if (firstResponse == null) {
            firstResponse = clock.instant();
        }
        a.provisional(r);
    }

    private synchronized void onFinal(OutgoingRequest attempt, RouteCandidate c, SipResult result, Throwable failure) {
        if (attempt != bInvite) {
            return;
        }
        cancelTimer(ringTimer);
        if (failure != null) {
            String why = failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage();
            LOG.info("call {}: trunk {} did not answer: {}", id, c.trunk().id(), why);
            recordAttempt(c.trunk(), 0, why, !cancelled && !ringTimedOut);
            releaseLease();
            if (cancelled) {
                endCancelled("caller cancelled");
            } else if (ringTimedOut) {
                // The carrier never answered our CANCEL with a final response (OutgoingRequest.CANCEL_GRACE).
                end(Response.TEMPORARILY_UNAVAILABLE, "no answer within " + settings.ringTimeout().toSeconds() + " s");
            } else {
                tryNext();
            }
            return;
        }
        Response r = result.response();
        int code = r.getStatusCode();
        if (code / 100 == 2) {
            bDialog = result.dialog();
            Request bAnswered = result.lastRequest();
            bCredentials = DigestSession.credentialsOf(bAnswered);
            bDialog.setApplicationData(new CalleeSide());
            boolean goesOn = !cancelled && state != State.ENDED && !ringTimedOut;
            if (goesOn && CallMessages.hasBody(r) && !CallMessages.hasBody(a.request())) {
                holdAck(bDialog, a.dialog(), CallMessages.cseqOf(a.request()), r, bAnswered);
            } else {
                // Not going on, the offer of a delayed-offer INVITE's 2xx is refused in the ACK.
                CallMessages.ackRefusing(bDialog, r, bCredentials, !CallMessages.hasBody(a.request()),
                        node.settings().advertisedAddress());
            }
            recordAttempt(c.trunk(), code, r.getReasonPhrase(), false);
            if (cancelled || state == State.ENDED) {
                // The answer crossed the caller's CANCEL: hang up the callee at once.
                bye(bDialog);
                endCancelled("answered after the caller cancelled");
                return;
            }
            if (ringTimedOut) {
                // The answer crossed our CANCEL; the caller already has its 480.
                bye(bDialog);
                end(Response.TEMPORARILY_UNAVAILABLE, "answered after the ring timeout");
                return;
            }
            state = State.ANSWERED;
            // Settled: kept, it would hold the carrier's answer (and the result) as long as the call.
            bInvite = null;
            answerTime = clock.instant();
            if (firstResponse == null) {
                firstResponse = answerTime;
            }
            a.answer(r);
            LOG.debug("call {}: answered on trunk {}", id, c.trunk().id());
            ackTimer = node.timers().schedule(this::onAckTimeout, settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            maxDurationTimer = node.timers().schedule(this::onMaxDuration, settings.maxDuration().toMillis(),
                    TimeUnit.MILLISECONDS);
            return;
        }
        boolean failover = !cancelled && !ringTimedOut && c.trunk().failoverCodes().contains(code)
                && !Trunk.NEVER_FAILOVER_CODES.contains(code);
        recordAttempt(c.trunk(), code, r.getReasonPhrase(), failover);
        releaseLease();
        if (cancelled) {
            endCancelled("caller cancelled");
        } else if (ringTimedOut) {
            end(Response.TEMPORARILY_UNAVAILABLE, "no answer within " + settings.ringTimeout().toSeconds() + " s");
        } else if (failover) {
            LOG.info("call {}: trunk {} answered {} {}; failing over", id, c.trunk().id(), code, r.getReasonPhrase());
            tryNext();
        } else {
            LOG.info("call {}: trunk {} answered {} {}; relayed to the caller", id, c.trunk().id(), code,
                    r.getReasonPhrase());
            a.reject(code, r.getReasonPhrase());
            end(code, "final response from trunk " + c.trunk().id());
        }
    }

    private void recordAttempt(Trunk trunk, int code, String reason, boolean failedOver) {
        attempts.add(new TrunkAttempt(trunk.id(), code, reason));
        listener.onAttempt(tenant, trunk.id(), code, failedOver);
    }

    private synchronized void onRingTimeout(OutgoingRequest attempt) {
        if (attempt == bInvite && state == State.ROUTING && !cancelled) {
            LOG.info("call {}: no answer within {} s; cancelling", id, settings.ringTimeout().toSeconds());
            ringTimedOut = true;
            // The caller hears the outcome now; the channel waits for the carrier's final response
            // (or OutgoingRequest.CANCEL_GRACE) as after the caller's own CANCEL.
            a.reject(Response.TEMPORARILY_UNAVAILABLE, "No Answer");
            attempt.cancel();
        }
    }

    /** RFC 3261 section 9.2: 200 to the CANCEL, 487 to the INVITE, CANCEL towards the carrier. */
    @Override
    public synchronized void onCancel(IncomingRequest cancel) {
        cancel.respond(Response.OK, null);
        if (state != State.ROUTING || cancelled || ringTimedOut) {
            return;
        }
        cancelled = true;
        LOG.info("call {}: caller cancelled", id);
        a.reject(Response.REQUEST_TERMINATED, null);
        if (bInvite != null && !bInvite.result().isDone()) {
            // The channel is released when the carrier's final response (487) arrives, or when none
            // has come OutgoingRequest.CANCEL_GRACE after the CANCEL.
            bInvite.cancel();
        } else {
            end(Response.REQUEST_TERMINATED, "caller cancelled");
        }
    }

    private synchronized void onAckTimeout() {
        if (state == State.ANSWERED && !acked) {
            LOG.warn("call {}: caller never ACKed the 200; hanging up both legs", id);
            hangUp("no ACK from the caller");
        }
    }

    private synchronized void onMaxDuration() {
        if (state == State.ANSWERED) {
            LOG.warn("call {}: reached the maximum duration of {}; hanging up both legs", id, settings.maxDuration());
            hangUp("maximum call duration reached");
        }
    }

    /**
     * Holds the ACK of a 2xx that carries the offer of a delayed-offer INVITE or relayed re-INVITE
     * until the near side's ACK (CSeq {@code nearCseq}) brings the answer (HeldAcks). If none comes
     * within {@link #HELD_ACK_LIMIT} the ACK goes without one: left unACKed for 32 s, the stack
     * would hang the dialog up itself, with no credentials and no word to the call.
     */
    private synchronized void holdAck(Dialog far, Dialog near, long nearCseq, Response ok, Request answered) {
        if (state == State.ENDED) {
            CallMessages.ackRefusing(far, ok, CallMessages.credentialsOf(answered), true,
                    node.settings().advertisedAddress());
            return;
        }
        ScheduledFuture<?> deadline = node.timers().schedule(() -> {
            synchronized (Call.this) {
                heldAcks.expire(far, ok);
            }
        }, HELD_ACK_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        heldAcks.hold(far, near, nearCseq, ok, answered, deadline);
    }

    /** Engine-initiated hang-up (timers, shutdown): BYE to both legs. */
    synchronized void hangUp(String reason) {
        if (state == State.ANSWERED) {
            bye(a.dialog());
            bye(bDialog);
            end(Response.OK, reason);
        } else if (state == State.ROUTING) {
            cancelled = true;
            stoppedBecause = reason;
            a.reject(Response.SERVICE_UNAVAILABLE, "Shutting Down");
            if (bInvite != null && !bInvite.result().isDone()) {
                bInvite.cancel();
            } else {
                end(Response.SERVICE_UNAVAILABLE, reason);
            }
        }
    }

    /**
     * Ends {@code dialog} with a BYE that answers the carrier's challenge with the trunk's
     * credentials; an ACK still held for a delayed offer goes first, since a 2xx is ACKed before its
     * BYE, with an answer refusing the offer (HeldAcks.refuseAll).
     */
    private void bye(Dialog dialog) {
        heldAcks.refuseAll(node.settings().advertisedAddress());
        CallMessages.bye(client, dialog, credentialsInto(dialog));
    }

    /**
     * Credentials for requests we send into {@code dialog}: the trunk's on the carrier's side (some
     * carriers challenge BYE and re-INVITE as well as the first INVITE), none towards the PBX.
     */
    private DigestCredentials credentialsInto(Dialog dialog) {
        if (current == null || dialog == null) {
            return null;
        }
        boolean outbound = direction == CallRecord.Direction.OUTBOUND;
        Dialog carrierSide = outbound ? bDialog : a.dialog();
        if (dialog != carrierSide) {
            return null;
        }
        return outbound ? current.target().credentials() : Target.of(current.trunk()).credentials();
    }

    /** A call cancelled while routing ends as the caller heard it: 487, or 503 when the engine stopped it. */
    private void endCancelled(String callerReason) {
        if (stoppedBecause != null) {
            end(Response.SERVICE_UNAVAILABLE, stoppedBecause);
        } else {
            end(Response.REQUEST_TERMINATED, callerReason);
        }
    }

    private void releaseLease() {
        if (lease != null) {
            lease.release();
            lease = null;
        }
    }

    private void end(int finalCode, String reason) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        heldAcks.refuseAll(node.settings().advertisedAddress());
        releaseLease();
        cancelTimer(ringTimer);
        cancelTimer(ackTimer);
        cancelTimer(maxDurationTimer);
        // From here the stack's dialogs and INVITE transaction no longer lead to this call.
        a.transaction().setApplicationData(EndedCall.CALLER_SIDE);
        a.dialog().setApplicationData(EndedCall.CALLER_SIDE);
        if (bDialog != null) {
            bDialog.setApplicationData(new EndedCall(bCredentials));
        }
        RouteCandidate answered = answerTime != null ? current : null;
        RouteCandidate next = answered != null && index + 1 < plan.candidates().size()
                ? plan.candidates().get(index + 1) : null;
        CallRecord record = new CallRecord(id, direction, tenant, caller, plan.e164(), attempts, skipped, answered, next,
                start, firstResponse, answerTime, clock.instant(), finalCode, reason);
        ENDED.info("call {} ended: {} ({}){}", id, finalCode, reason,
                answered != null ? ", answered on trunk " + answered.trunk().id() : "");
        try {
            listener.onCallEnded(record);
        } finally {
            onEnded.run();
        }
    }

    private static void cancelTimer(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /**
     * True when the BYE {@code in} from {@code near} is put off, once, for
     * {@link #ACK_BEFORE_BYE_MS}: an ACK is held for the ACK that side owes, which may be on its
     * way just ahead of the BYE. Taken up again then, the BYE finds that ACK sent with its answer,
     * or sends it before its own BYE with an answer refusing the offer, as any hang-up does.
     */
    private boolean byeWaitsForAck(Dialog near, IncomingRequest in, DialogHandler side) {
        if (state != State.ANSWERED || !heldAcks.awaitsAckFrom(near)) {
            return false;
        }
        if (byesPutOff == null) {
            byesPutOff = new java.util.HashSet<>(2);
        }
        if (!byesPutOff.add(in)) {
            return false;
        }
        try {
            node.timers().schedule(() -> side.onRequest(in), ACK_BEFORE_BYE_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (RuntimeException stopping) {
            return false;
        }
    }

    /** Requests in the caller's dialog. */
    private final class CallerSide implements DialogHandler {
        @Override
        public void onRequest(IncomingRequest in) {
            synchronized (Call.this) {
                String method = in.request().getMethod();
                if (Request.BYE.equals(method)) {
                    if (byeWaitsForAck(a.dialog(), in, this)) {
                        return;
                    }
                    in.respond(Response.OK, null);
                    if (state == State.ANSWERED) {
                        bye(bDialog);
                        end(Response.OK, "caller hung up");
                    }
                } else if (state == State.ANSWERED && bDialog != null) {
                    CallMessages.relay(client, in, bDialog, credentialsInto(bDialog),
                            (far, ok, answered) -> holdAck(far, a.dialog(), CallMessages.cseqOf(in.request()), ok,
                                    answered));
                } else {
                    in.respond(Response.REQUEST_PENDING, null);
                }
            }
        }

        @Override
        public void onAck(Request ack) {
            synchronized (Call.this) {
                if (!acked && state == State.ANSWERED) {
                    acked = true;
                    cancelTimer(ackTimer);
                    a.acked();
                }
                heldAcks.answered(a.dialog(), ack);
            }
        }
    }

    /** Requests in the callee's (carrier's) dialog. */
    private final class CalleeSide implements DialogHandler {
        @Override
        public void onRequest(IncomingRequest in) {
            synchronized (Call.this) {
                String method = in.request().getMethod();
                if (Request.BYE.equals(method)) {
                    if (byeWaitsForAck(bDialog, in, this)) {
                        return;
                    }
                    in.respond(Response.OK, null);
                    if (state == State.ANSWERED) {
                        bye(a.dialog());
                        end(Response.OK, "callee hung up");
                    }
                } else if (state == State.ANSWERED) {
                    CallMessages.relay(client, in, a.dialog(), credentialsInto(a.dialog()),
                            (far, ok, answered) -> holdAck(far, bDialog, CallMessages.cseqOf(in.request()), ok,
                                    answered));
                } else {
                    in.respond(Response.REQUEST_PENDING, null);
                }
            }
        }

        @Override
        public void onAck(Request ack) {
            // ACKs for re-INVITEs we answered on this side end here, or bring a held ACK its answer.
            synchronized (Call.this) {
                heldAcks.answered(bDialog, ack);
            }
        }

        @Override
        public void onRetransmitted2xx(ResponseEvent event) {
            synchronized (Call.this) {
                // While its ACK waits for the other side's answer (a delayed offer) the 2xx is repeated:
                // expected. Once sent, that ACK (it may carry the answer) is what goes again.
                if (bDialog != null && !heldAcks.holds(bDialog, event.getResponse())) {
                    CallMessages.ackAgain(bDialog, event.getResponse(), bCredentials);
                }
            }
        }
    }
}
