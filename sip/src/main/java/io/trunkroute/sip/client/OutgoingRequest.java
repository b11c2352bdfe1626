package io.trunkroute.sip.client;

import io.trunkroute.sip.auth.DigestAuthenticator;
import io.trunkroute.sip.auth.DigestCredentials;
import io.trunkroute.sip.auth.DigestSession;
import io.trunkroute.sip.stack.ClientTransactionListener;
import io.trunkroute.sip.stack.SipIdentifiers;
import io.trunkroute.sip.stack.SipNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One logical request: the first client transaction plus at most {@link DigestSession#MAX_ROUNDS}
 * retries carrying digest credentials (RFC 3261 section 22.2: same Call-ID and From tag, CSeq + 1,
 * new branch). For INVITE each transaction gets its dialog (the stack runs without automatic
 * dialog support), the timeout covers only the wait for a first response (a ringing call may
 * take minutes to answer), and {@link #cancel()} sends CANCEL once it is allowed (RFC 3261
 * section 9.1: not before a provisional response).
 */
public final class OutgoingRequest implements ClientTransactionListener {

    /**
     * How long a cancelled INVITE waits for its final response (RFC 3261 section 9.1: 64*T1). A
     * carrier that never sends one (lost 487, broken peer) would otherwise hold the call, and the
     * channel it took, for ever: JAIN-SIP gives a proceeding INVITE transaction no timer.
     */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(32);

    /** Listens on the transactions of a request settled by a final response: hears nothing more. */
    private static final ClientTransactionListener SETTLED = new ClientTransactionListener() {
        @Override
        public void onResponse(ResponseEvent event) {
            // a repeat of the final response, or a late one: the request already has its result
        }

        @Override
        public void onTimeout() {
            // the result is known
        }
    };

    private final SipNode node;
    private final DigestSession digest;
    private final Duration timeout;
    /** Null once the result is complete: it usually leads to the caller's whole call. */
    private volatile Consumer<Response> provisional;
    private final CompletableFuture<SipResult> result = new CompletableFuture<>();

    private Request current;
    private ClientTransaction transaction;
    /** Transactions of earlier rounds (answered with a challenge); usually none. */
    private List<ClientTransaction> earlier;
    private ScheduledFuture<?> timer;
    private int rounds;
    private boolean provisionalSeen;
    private boolean cancelRequested;
    private boolean cancelSent;
    /**
     * The outcome is decided (set under the lock); {@code result} is completed after the lock is
     * released, so a timer that fires meanwhile must not look at {@code result.isDone()}.
     */
    private boolean settled;
    /** Settled by a timer: a 2xx that still comes for the INVITE is ACKed and hung up. */
    private boolean gaveUp;

    OutgoingRequest(SipNode node, DigestAuthenticator authenticator, DigestCredentials credentials,
                              Duration timeout, Consumer<Response> provisional) {
        this.node = node;
        this.digest = credentials == null ? null : new DigestSession(authenticator, credentials);
        this.timeout = timeout;
        this.provisional = provisional;
        result.whenComplete((r, e) -> this.provisional = null);
    }

    /** Completes with the final response (after any challenges), or fails on timeout / transport error. */
    public CompletableFuture<SipResult> result() {
        return result;
    }

    /** The transaction now carrying the request (a new one after each challenge). */
    public synchronized ClientTransaction transaction() {
        return transaction;
    }

    private boolean isInvite() {
        return Request.INVITE.equals(current.getMethod());
    }

    /**
     * Asks to give up an INVITE: CANCEL now if a provisional response arrived, else as soon as one
     * does; if none ever does the request ends with the timeout (the transaction is terminated).
     * The result then completes with the carrier's 487 (or whatever final response won the race).
     */
    public synchronized void cancel() {
        if (settled || cancelRequested) {
            return;
        }
        cancelRequested = true;
        if (provisionalSeen) {
            sendCancel();
        }
    }

    private void sendCancel() {
        if (cancelSent) {
            return;
        }
        cancelSent = true;
        try {
            Request cancel = transaction.createCancel();
            ClientTransaction cancelTx = node.newClientTransaction(cancel);
            SipNode.sendStarted(cancelTx, cancelTx::sendRequest);
        } catch (SipException | RuntimeException e) {
            // The INVITE transaction may have completed meanwhile; its final response decides.
        }
        ClientTransaction cancelled = transaction;
        cancelTimer();
        timer = node.timers().schedule(() -> onNoFinalAfterCancel(cancelled), CANCEL_GRACE.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void onNoFinalAfterCancel(ClientTransaction cancelled) {
        SipRequestException failure;
        synchronized (this) {
            if (cancelled != transaction || settled) {
                return;
            }
            settled = true;
            giveUp(cancelled);
            try {
                cancelled.terminate();
            } catch (Exception ignored) {
                // ended on its own meanwhile
            }
            failure = new SipRequestException(SipRequestException.Kind.TIMEOUT, "no final response to INVITE "
                    + current.getRequestURI() + " within " + CANCEL_GRACE.toSeconds() + " s of its CANCEL", null);
        }
        result.completeExceptionally(failure);
    }

    synchronized void start(Request request) {
        sendNow(request);
    }

    private void sendNow(Request request) {
        if (transaction != null) {
            if (earlier == null) {
                earlier = new ArrayList<>(2);
            }
            earlier.add(transaction);
        }
        current = request;
        provisionalSeen = false;
        try {
            transaction = node.send(request, this, isInvite());
        } catch (SipException | RuntimeException e) {
            SipRequestException failure = new SipRequestException(SipRequestException.Kind.TRANSPORT, "cannot send "
                    + request.getMethod() + " to " + request.getRequestURI() + ": " + rootMessage(e), e);
            settled = true;
            // Completed on another thread: this may run under the lock, and callers react at once.
            node.timers().execute(() -> result.completeExceptionally(failure));
            return;
        }
        ClientTransaction sentOn = transaction;
        timer = node.timers().schedule(() -> onOwnTimeout(sentOn), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        if (response.getStatusCode() < 200) {
            synchronized (this) {
                if (event.getClientTransaction() != transaction || settled) {
                    return;
                }
                if (isInvite() && !cancelSent) {
                    cancelTimer(); // the callee is being alerted: from here the caller decides how long to wait
                }
                provisionalSeen = true;
                if (cancelRequested) {
                    sendCancel();
                    return;
                }
            }
            Consumer<Response> p = provisional;
            if (p != null) {
                p.accept(response);
            }
            return;
        }
        SipResult done;
        synchronized (this) {
            if (event.getClientTransaction() != transaction || settled) {
                if (gaveUp && isInvite() && response.getStatusCode() < 300) {
                    // RFC 3261 section 15: the answer came too late; ACK it and hang up (not under the lock).
                    ClientTransaction answered = event.getClientTransaction();
                    Request invite = answered != null ? answered.getRequest() : current;
                    node.timers().execute(() -> node.endUnwantedAnswer(response, invite, digest));
                }
                return;
            }
            cancelTimer();
            int code = response.getStatusCode();
            boolean challenged = code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED;
            if (challenged && digest != null && rounds < DigestSession.MAX_ROUNDS && !cancelRequested) {
                Optional<Request> retry = answer(response);
                if (retry.isPresent()) {
                    rounds++;
                    sendNow(retry.get());
                    return;
                }
            }
            done = new SipResult(response, current, rounds, event.getDialog());
            settled = true;
        }
        if (isInvite() && response.getStatusCode() < 300) {
            node.answered(current, digest);
        }
        // Completed outside the lock: callers react (and may call cancel()) on this thread.
        result.complete(done);
        detach();
    }

    /**
     * Settled by a final response, this request ignores whatever its transactions still hear (see
     * {@link #onResponse}); {@link #SETTLED} now does that in its place. Why: the stack keeps an
     * INVITE's transaction as long as its dialog (and a challenged round's for Timer D, 32 s), and
     * through its application data this request, the result and its answer, some 5 KB a call, long
     * after the caller took them. Not after a timeout: an answer still coming then is hung up here.
     */
    private synchronized void detach() {
        transaction.setApplicationData(SETTLED);
        if (earlier != null) {
            earlier.forEach(t -> t.setApplicationData(SETTLED));
        }
    }

    @Override
    public void onTimeout() {
        SipRequestException failure;
        synchronized (this) {
            if (settled) {
                return;
            }
            settled = true;
            giveUp(transaction);
            cancelTimer();
            failure = new SipRequestException(SipRequestException.Kind.TIMEOUT, "no final response to "
                    + current.getMethod() + " " + current.getRequestURI() + " (transaction timeout)", null);
        }
        result.completeExceptionally(failure);
    }

    /** Marks an INVITE given up, so that an answer still coming for it ends its session at once. */
    private void giveUp(ClientTransaction tx) {
        if (isInvite()) {
            gaveUp = true;
            node.abandon(tx, digest);
        }
    }

    private void onOwnTimeout(ClientTransaction sentOn) {
        SipRequestException failure;
        synchronized (this) {
            if (sentOn != transaction || settled || (isInvite() && provisionalSeen)) {
                return; // a provisional won the race with this timer: the callee is being alerted
            }
            settled = true;
            giveUp(sentOn);
            try {
                sentOn.terminate();
            } catch (Exception ignored) {
                // The transaction may have ended on its own in the meantime.
            }
            failure = new SipRequestException(SipRequestException.Kind.TIMEOUT, "no "
                    + (isInvite() ? "response" : "final response") + " to " + current.getMethod() + " "
                    + current.getRequestURI() + " within " + timeout.toMillis() + " ms", null);
        }
        result.completeExceptionally(failure);
    }

    /**
     * Builds the authenticated retry (same Call-ID and From tag, CSeq + 1, new branch), or empty
     * when the challenge must be returned to the caller ({@link DigestSession#answer}).
     */
    private Optional<Request> answer(Response response) {
        if (!digest.answer(response, current)) {
            return Optional.empty();
        }
        Request retry = (Request) current.clone();
        try {
            CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            ViaHeader via = (ViaHeader) retry.getHeader(ViaHeader.NAME);
            via.setBranch(SipIdentifiers.newBranch());
            digest.authorize(retry, node.headerFactory());
        } catch (java.text.ParseException | javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException("cannot build authenticated retry: " + e.getMessage(), e);
        }
        return Optional.of(retry);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
