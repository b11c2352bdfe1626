package io.trunkroute.sip.stack;

import io.trunkroute.sip.auth.DigestSession;
import io.trunkroute.sip.parsing.FastPathParserFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.AllowHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one SIP stack: JAIN-SIP RI with a listening point per enabled transport on one
 * address and port, so REGISTER, OPTIONS and INVITE all leave from (and come back to) the
 * address carriers know. It is the single {@link SipListener} and dispatches:
 * responses and timeouts to the {@link ClientTransactionListener} attached to each client
 * transaction, new requests to the {@link IncomingRequestHandler} registered for their method.
 * Requests nobody handles get 405 with an Allow header (RFC 3261 section 8.2.1); OPTIONS gets
 * 200 (section 11.2) because carriers use it as a keep-alive.
 */
public final class SipNode implements SipListener {

    /** Seconds a terminated dialog stays in the stack (the RI's LINGER_TIMER; see stackProperties). */
    public static final int LINGER_SECONDS = 1;

    /**
     * Timer K (RFC 3261 section 17.1.2.2) of non-INVITE client transactions over UDP: how long one
     * stays Completed after its final response, only to absorb repeats of that response. The RI
     * uses T4 (5 s). A repeat that finds no transaction is dropped all the same
     * ({@link #processResponse}), so the wait is bookkeeping: the engine's BYE of every call with
     * its request and response, some 10^4 transactions at 2,000 calls/s, each outliving several
     * young collections. The RI counts it in its 500-ms timer ticks; this is one tick.
     */
    public static final int NON_INVITE_TIMER_K_MS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(SipNode.class);

    private final SipStackSettings settings;
    private final Map<String, IncomingRequestHandler> handlers = new ConcurrentHashMap<>();
    private final List<ListeningPoint> listeningPoints = new ArrayList<>();
    /** The UDP listening points' processors, for their queues' and senders' counts; empty when stopped. */
    private volatile List<CompactUdpProcessorFactory.CompactUdpProcessor> udpProcessors = List.of();

    private SipStack stack;
    private SipProvider provider;
    private AddressFactory addressFactory;
    private HeaderFactory headerFactory;
    private MessageFactory messageFactory;
    private ParsedTemplates templates;
    private ScheduledExecutorService timers;

    private volatile StrayInvite2xxValve strayInvite2xx;
    private volatile AcceptedInviteValve acceptedInvites;
    private volatile CompletedRequestValve completedRequests;
    private final UnwantedAnswer unwanted = new UnwantedAnswer(this);

    public SipNode(SipStackSettings settings) {
        this.settings = settings;
    }

    public SipStackSettings settings() {
        return settings;
    }

    /** Creates the stack, binds every listening point, and starts receiving. */
    public synchronized void start() throws SipException {
        if (stack != null) {
            return;
        }
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        try {
            stack = factory.createSipStack(stackProperties());
            strayInvite2xx = valve(StrayInvite2xxValve.class);
            acceptedInvites = valve(AcceptedInviteValve.class);
            completedRequests = valve(CompletedRequestValve.class);
            strayInvite2xx.endUnwantedWith(unwanted::endUnlessClaimed);
            addressFactory = factory.createAddressFactory();
            headerFactory = factory.createHeaderFactory();
            messageFactory = factory.createMessageFactory();
            templates = new ParsedTemplates(addressFactory, (gov.nist.javax.sip.header.HeaderFactoryImpl) headerFactory);
            for (SipTransport transport : settings.transports()) {
                listeningPoints.add(stack.createListeningPoint(settings.bindAddress(), settings.port(),
                        transport.token()));
            }
            provider = stack.createSipProvider(listeningPoints.get(0));
            for (ListeningPoint lp : listeningPoints.subList(1, listeningPoints.size())) {
                provider.addListeningPoint(lp);
            }
            provider.addSipListener(this);
            stack.start();
            udpProcessors = listeningPoints.stream()
                    .map(lp -> ((gov.nist.javax.sip.ListeningPointImpl) lp).getMessageProcessor())
                    .filter(CompactUdpProcessorFactory.CompactUdpProcessor.class::isInstance)
                    .map(CompactUdpProcessorFactory.CompactUdpProcessor.class::cast).toList();
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "sip-timeouts-" + settings.port());
                t.setDaemon(true);
                return t;
            });
            // A cancelled task leaves the queue at once. By default it stays until its delay runs
            // out: every ended call left its max-duration timer (4 h) queued, 72 bytes that only
            // grew the queue, to ~0.8 GB after 4 h at 800 calls/s.
            pool.setRemoveOnCancelPolicy(true);
            timers = pool;
            timers.scheduleAtFixedRate(unwanted::tick, 1, 1, TimeUnit.SECONDS);
            AcceptedInviteValve accepted = acceptedInvites;
            CompletedRequestValve completed = completedRequests;
            timers.scheduleAtFixedRate(() -> {
                accepted.tick();
                completed.tick();
            }, AcceptedInviteValve.ACCEPTED_MS, AcceptedInviteValve.ACCEPTED_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.error("SIP stack could not start on {}:{} {}: {}", settings.bindAddress(), settings.port(),
                    settings.transports(), e.getMessage());
            stop();
            throw e instanceof SipException se ? se : new SipException("SIP stack start failed: " + e.getMessage(), e);
        }
        LOG.info("SIP stack listening on {}:{} {} (advertised as {})", settings.bindAddress(), settings.port(),
                settings.transports(), settings.advertisedAddress());
    }

    /** Releases every socket and thread of the stack; safe to call twice. */
    public synchronized void stop() {
        if (timers != null) {
            timers.shutdownNow();
            timers = null;
        }
        unwanted.forget();
        if (stack == null) {
            return;
        }
        try {
            if (provider != null) {
                provider.removeSipListener(this);
                stack.deleteSipProvider(provider);
            }
            for (ListeningPoint lp : listeningPoints) {
                stack.deleteListeningPoint(lp);
            }
        } catch (Exception e) {
            LOG.warn("error while releasing SIP listening points: {}", e.getMessage());
        } finally {
            stack.stop();
            listeningPoints.clear();
            udpProcessors = List.of();
            provider = null;
            stack = null;
            LOG.info("SIP stack on {}:{} stopped", settings.bindAddress(), settings.port());
        }
    }

    private <V> V valve(Class<V> type) throws SipException {
        return ((gov.nist.javax.sip.stack.SIPTransactionStack) stack).sipMessageValves.stream()
                .filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new SipException("the stack did not install its " + type.getSimpleName()));
    }

    /** Copies of INVITEs answered 2xx that {@link AcceptedInviteValve} absorbed; 0 before start. */
    public long acceptedInvitesAbsorbed() {
        AcceptedInviteValve v = acceptedInvites;
        return v == null ? 0 : v.absorbed();
    }

    /** {@code invite} was answered with a 2xx: its retransmissions are absorbed for 64*T1 (RFC 6026). */
    void inviteAccepted(Request invite) {
        AcceptedInviteValve v = acceptedInvites;
        if (v != null) {
            v.accepted(invite);
        }
    }

    /**
     * INVITEs and CANCELs received over UDP and dropped unparsed because they waited for a worker
     * longer than {@link SipStackSettings#inviteMaxWaitMillis()} ({@link DatagramLanes}); 0 before start.
     */
    public long invitesShed() {
        return udpProcessors.stream().mapToLong(p -> p.lanes().shed()).sum();
    }

    /** Datagrams received over UDP and not yet taken by a worker; 0 before start. */
    public int queuedDatagrams() {
        return udpProcessors.stream().mapToInt(p -> p.lanes().size()).sum();
    }

    /**
     * UDP datagrams not sent: dropped with the send queue full or the node stopping, or refused by the
     * kernel when the sender thread sent them ({@link QueuedSendSocket}); 0 before start.
     */
    public long udpSendsFailed() {
        return udpProcessors.stream().map(CompactUdpProcessorFactory.CompactUdpProcessor::sender)
                .filter(java.util.Objects::nonNull).mapToLong(QueuedSendSocket::failedSends).sum();
    }

    /**
     * Repeats of non-INVITE requests answered again by {@link CompletedRequestValve} after their
     * transaction ended; 0 before start.
     */
    public long completedRequestsAnsweredAgain() {
        CompletedRequestValve v = completedRequests;
        return v == null ? 0 : v.answeredAgain();
    }

    /** {@code request}, not an INVITE, was answered {@code response}: its repeats get it again for 64*T1. */
    void requestCompleted(Request request, Response response) {
        CompletedRequestValve v = completedRequests;
        if (v != null) {
            v.completed(request, response);
        }
    }

    /**
     * Retransmitted INVITE 2xx that arrived after their client transaction ended and were answered
     * with the dialog's last ACK by {@link StrayInvite2xxValve}; 0 before start.
     */
    public long strayInvite2xxAcked() {
        StrayInvite2xxValve v = strayInvite2xx;
        return v == null ? 0 : v.acksResent();
    }

    /**
     * The INVITE of {@code tx} is given up (no answer in time): a 2xx that still comes for it, from
     * any branch, is ACKed and hung up with BYE. An owner set on the dialog before (a call) is left
     * in place.
     *
     * @param digest the INVITE's digest state, whose credentials answer a challenge to that BYE;
     *               null when the INVITE had none
     */
    public void abandon(ClientTransaction tx, DigestSession digest) {
        UnwantedAnswer.AbandonedDialog abandoned = unwanted.abandoned(tx.getRequest(), digest);
        javax.sip.Dialog dialog = tx.getDialog();
        if (dialog != null && dialog.getApplicationData() == null) {
            dialog.setApplicationData(abandoned);
        }
    }

    /**
     * The INVITE {@code invite} was answered: a 2xx from another branch of it, coming later, is
     * ACKed and hung up with its credentials, and with an answer refusing its offer when the
     * INVITE had no SDP.
     *
     * @param digest the INVITE's digest state; null when the INVITE had none
     */
    public void answered(Request invite, DigestSession digest) {
        unwanted.answered(invite, digest);
    }

    /**
     * ACKs an INVITE 2xx that nobody wants any more and hangs its session up with BYE.
     *
     * @param invite the INVITE it answers, whose credentials the ACK repeats; null when unknown.
     *               When it had no SDP, an offer in the 2xx is refused in the ACK.
     * @param digest the INVITE's digest state, whose credentials answer a challenge to the BYE;
     *               null when unknown
     */
    public void endUnwantedAnswer(Response invite2xx, Request invite, DigestSession digest) {
        unwanted.end(invite2xx, invite, digest);
    }

    /** The stack's dialog with this id, or null. */
    javax.sip.Dialog dialog(String dialogId) {
        SipStack s = stack;
        return s == null ? null : ((gov.nist.javax.sip.stack.SIPTransactionStack) s).getDialog(dialogId);
    }

    /** INVITE 2xx that came after their INVITE was given up, and were ACKed and hung up. */
    public long unwantedAnswersEnded() {
        return unwanted.ended();
    }

    public boolean isStarted() {
        return stack != null;
    }

    private Properties stackProperties() {
        Properties p = new Properties();
        // SipFactory caches stacks by name; a unique name lets a node be stopped and started again.
        p.setProperty("javax.sip.STACK_NAME", "trunkroute-" + settings.port() + "-" + UUID.randomUUID());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(settings.threadPoolSize()));
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(settings.maxMessageSize()));
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(settings.udpReceiveBuffer()));
        p.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME",
                WheelSipTimer.class.getName());
        // The RI's NIO TCP processor opens a second connection on first send and loses the answer
        // (seen against Kamailio); the default blocking processor does not.
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        // A finished transaction drops its request and response outright. "Normal" (what the old
        // AGGRESSIVE_CLEANUP=true means) encodes both to bytes and parses them again on
        // termination: ~7 % of the stack's CPU under call load. Nothing here reads a transaction's
        // messages after it completes.
        p.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Aggressive");
        // Calls are bridged dialog to dialog: the RI then serialises re-INVITEs per dialog.
        p.setProperty("gov.nist.javax.sip.IS_BACK_TO_BACK_USER_AGENT", "true");
        p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE",
                StrayInvite2xxValve.class.getName() + "," + AcceptedInviteValve.class.getName() + ","
                        + CompletedRequestValve.class.getName());
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", CompactUdpProcessorFactory.class.getName());
        p.setProperty(CompactUdpProcessorFactory.INVITE_MAX_WAIT_PROPERTY, Long.toString(settings.inviteMaxWaitMillis()));
        p.setProperty(CompactUdpProcessorFactory.SEND_THREAD_PROPERTY, Boolean.toString(settings.udpSendThread()));
        // The RI's auditor would watch the queue CompactUdpProcessor replaces; DatagramLanes drops
        // what waited as long itself.
        p.setProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT", "0");
        if (settings.fastPathParser()) {
            p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", FastPathParserFactory.class.getName());
        }
        // How long a terminated dialog, and a server transaction past its RFC 3261 timers, stay in
        // the RI's tables (8 s by default). Nothing needs them that long: a retransmitted request
        // meets its transaction's own timers (I, J), a copy of an answered INVITE
        // AcceptedInviteValve, a repeated 2xx StrayInvite2xxValve. Kept 8 s, every call's dialogs
        // outlived several young collections and were promoted (sip/README.md). Connections are
        // cached, so this never closes one.
        p.setProperty("gov.nist.javax.sip.LINGER_TIMER", Integer.toString(LINGER_SECONDS));
        return p;
    }

    public AddressFactory addressFactory() {
        return addressFactory;
    }

    public HeaderFactory headerFactory() {
        return headerFactory;
    }

    public MessageFactory messageFactory() {
        return messageFactory;
    }

    /** Addresses and header lines sent again and again, parsed once (see {@link ParsedTemplates}). */
    public ParsedTemplates templates() {
        return templates;
    }

    public SipProvider provider() {
        SipProvider p = provider;
        if (p == null) {
            throw new IllegalStateException("SIP stack is not started");
        }
        return p;
    }

    /**
     * Shared scheduler for application-level timers (request timeouts); daemon, single thread, a
     * {@link ScheduledThreadPoolExecutor} that drops cancelled tasks from its queue at once.
     */
    public ScheduledExecutorService timers() {
        ScheduledExecutorService t = timers;
        if (t == null) {
            throw new IllegalStateException("SIP stack is not started");
        }
        return t;
    }

    /** Sends a request statefully; events reach {@code listener} until the transaction ends. */
    public ClientTransaction send(Request request, ClientTransactionListener listener) throws SipException {
        return send(request, listener, false);
    }

    /**
     * Sends a request statefully; with {@code withDialog} (an INVITE) the transaction gets its
     * dialog first, since the stack runs without automatic dialog support.
     */
    public ClientTransaction send(Request request, ClientTransactionListener listener, boolean withDialog)
            throws SipException {
        ClientTransaction tx = newClientTransaction(request);
        tx.setApplicationData(listener);
        if (withDialog) {
            provider().getNewDialog(tx);
        }
        sendStarted(tx, tx::sendRequest);
        return tx;
    }

    /** Sends a transaction's request: {@code ClientTransaction::sendRequest} or {@code Dialog::sendRequest}. */
    @FunctionalInterface
    public interface RequestSender {
        void send() throws SipException;
    }

    /**
     * Sends {@code tx}'s request with the transaction's timer started first. The RI starts it only
     * after the request has left the socket, and Timer K (Timer D for an INVITE) is only scheduled
     * on a running timer: a final response handled before that moment (a peer on the same host
     * answering within microseconds, on another SIP worker) left the transaction Completed until
     * Timer F, 32 s, instead of {@link #NON_INVITE_TIMER_K_MS}. Seen in AnsweredDialogReleaseIT (two
     * runs in five) once incoming messages were parsed faster. A request that fails to go is
     * terminated, so that its started timer ends the transaction.
     */
    public static void sendStarted(ClientTransaction tx, RequestSender sender) throws SipException {
        if (tx instanceof gov.nist.javax.sip.stack.SIPTransaction t) {
            t.startTransactionTimer();
        }
        try {
            sender.send();
        } catch (SipException | RuntimeException e) {
            try {
                tx.terminate();
            } catch (SipException | RuntimeException ignored) {
                // already terminated by the stack
            }
            throw e;
        }
    }

    /**
     * For a dialog whose BYE was answered, sent or received: the stack forgets it at its timer's
     * next tick instead of after its linger ({@link #LINGER_SECONDS}; {@link DialogLinger}). Nothing
     * happens to a dialog not Terminated by then.
     */
    public void byeAnswered(javax.sip.Dialog dialog) {
        if (dialog != null && stack instanceof gov.nist.javax.sip.SipStackImpl impl) {
            DialogLinger.endSoon(dialog, impl);
        }
    }

    /**
     * A client transaction for {@code request}, not yet sent; a non-INVITE one keeps its final
     * response {@link #NON_INVITE_TIMER_K_MS} instead of the RI's 5 s.
     */
    public ClientTransaction newClientTransaction(Request request) throws SipException {
        ClientTransaction tx = provider().getNewClientTransaction(request);
        if (!Request.INVITE.equals(request.getMethod()) && tx instanceof gov.nist.javax.sip.stack.SIPTransaction t) {
            t.setTimerT4(NON_INVITE_TIMER_K_MS);
        }
        return tx;
    }

    /** Routes new requests of {@code method} to {@code handler}; one handler per method. */
    public void registerHandler(String method, IncomingRequestHandler handler) {
        IncomingRequestHandler previous = handlers.putIfAbsent(method, handler);
        if (previous != null && previous != handler) {
            throw new IllegalStateException("a handler for " + method + " is already registered");
        }
    }

    public void unregisterHandler(String method, IncomingRequestHandler handler) {
        handlers.remove(method, handler);
    }

    // --- SipListener: keep each branch small; the work belongs to the listeners. ---

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        javax.sip.Dialog dialog = event.getDialog();
        DialogHandler dialogHandler = dialog != null && dialog.getApplicationData() instanceof DialogHandler h ? h : null;
        if (Request.ACK.equals(method)) {
            // ACK for a non-2xx is absorbed by the server transaction; a 2xx ACK belongs to a dialog.
            if (dialogHandler != null) {
                dialogHandler.onAck(request);
            }
            AnswerRetransmitTimer.ackDelivered(dialog, request, timers());
            return;
        }
        if (Request.CANCEL.equals(method)) {
            processCancel(event);
            return;
        }
        ServerTransaction tx = event.getServerTransaction();
        if (tx == null) {
            try {
                tx = provider().getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException e) {
                return; // a retransmission the transaction layer already answers
            } catch (Exception e) {
                // Parsed but unusable (e.g. an INVITE without Contact or Max-Forwards): 400, statelessly,
                // so nothing of it is kept (RFC 3261 section 8.2.2 / 16.3).
                LOG.info("{} from {} refused with 400: {}", method, sourceOf(request), e.getMessage());
                rejectStatelessly(request, e.getMessage());
                return;
            }
        }
        IncomingRequest incoming = new IncomingRequest(this, event, tx);
        if (dialogHandler != null) {
            try {
                dialogHandler.onRequest(incoming);
            } catch (RuntimeException e) {
                LOG.error("dialog handler failed for {}", method, e);
                incoming.respond(Response.SERVER_INTERNAL_ERROR, null);
            }
            return;
        }
        if (hasToTag(request)) {
            // RFC 3261 section 12.2.2: a mid-dialog request for a dialog we do not know.
            incoming.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        IncomingRequestHandler handler = handlers.get(method);
        if (handler != null) {
            try {
                handler.onRequest(incoming);
            } catch (RuntimeException e) {
                LOG.error("handler for {} failed", method, e);
                incoming.respond(Response.SERVER_INTERNAL_ERROR, null);
            }
        } else if (Request.OPTIONS.equals(method)) {
            incoming.send(withAllow(incoming.createResponse(Response.OK, null)));
        } else {
            incoming.send(withAllow(incoming.createResponse(Response.METHOD_NOT_ALLOWED, null)));
        }
    }

    private void rejectStatelessly(Request request, String why) {
        try {
            Response r = messageFactory.createResponse(Response.BAD_REQUEST, request);
            String reason = why == null ? "Bad Request" : "Bad Request (" + why.replaceAll("[\\r\\n]+", " ") + ")";
            r.setReasonPhrase(reason.length() > 120 ? reason.substring(0, 120) : reason);
            provider().sendResponse(r);
        } catch (Exception e) {
            LOG.debug("could not send 400: {}", e.getMessage());
        }
    }

    private static String sourceOf(Request request) {
        return request instanceof gov.nist.javax.sip.message.SIPRequest r && r.getRemoteAddress() != null
                ? r.getRemoteAddress().getHostAddress() + ":" + r.getRemotePort() : "?";
    }

    private static boolean hasToTag(Request request) {
        javax.sip.header.ToHeader to = (javax.sip.header.ToHeader) request.getHeader(javax.sip.header.ToHeader.NAME);
        return to != null && to.getTag() != null;
    }

    /** RFC 3261 section 9.2: the CANCEL is answered by the owner of the INVITE, or 481 if none. */
    private void processCancel(RequestEvent event) {
        ServerTransaction cancelTx = event.getServerTransaction();
        try {
            if (cancelTx == null) {
                cancelTx = provider().getNewServerTransaction(event.getRequest());
            }
        } catch (TransactionAlreadyExistsException e) {
            return;
        } catch (Exception e) {
            LOG.warn("cannot create a server transaction for CANCEL: {}", e.getMessage());
            return;
        }
        IncomingRequest cancel = new IncomingRequest(this, event, cancelTx);
        ServerTransaction invite = cancelTx instanceof gov.nist.javax.sip.ServerTransactionExt ext
                ? ext.getCanceledInviteTransaction() : null;
        if (invite != null && invite.getApplicationData() instanceof CancelHandler h) {
            h.onCancel(cancel);
        } else {
            cancel.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
        }
    }

    private Response withAllow(Response response) {
        TreeSet<String> allowed = new TreeSet<>(handlers.keySet());
        allowed.add(Request.OPTIONS);
        try {
            AllowHeader allow = headerFactory.createAllowHeader(String.join(", ", allowed));
            response.setHeader(allow);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction tx = event.getClientTransaction();
        if (tx != null && tx.getApplicationData() instanceof ClientTransactionListener listener) {
            listener.onResponse(event);
        } else if (isInvite2xx(event.getResponse()) && event.getDialog() != null
                && event.getDialog().getApplicationData() instanceof DialogHandler h) {
            // Only an INVITE's 2xx is retransmitted until ACKed; a BYE's 200 needs nothing.
            h.onRetransmitted2xx(event);
        } else if (isInvite2xx(event.getResponse()) && tx == null) {
            // An answer for a dialog that is gone, for an INVITE given up before any dialog was known,
            // or from another branch (the RI then makes a dialog nobody owns).
            unwanted.endUnlessClaimed(event.getResponse());
        } else {
            LOG.debug("response without a transaction dropped: {} {}", event.getResponse().getStatusCode(),
                    event.getResponse().getReasonPhrase());
        }
    }

    /** A 2xx to an INVITE: the only response a callee repeats until it is ACKed. */
    static boolean isInvite2xx(Response response) {
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        return response.getStatusCode() / 100 == 2 && cseq != null && Request.INVITE.equals(cseq.getMethod());
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.getTimeout() == javax.sip.Timeout.TRANSACTION
                && !event.isServerTransaction() && event.getClientTransaction() != null
                && event.getClientTransaction().getApplicationData() instanceof ClientTransactionListener listener) {
            listener.onTimeout();
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("transport error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // Nothing to clean: listeners live on the transaction and go with it.
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // Dialogs are managed by the routing module's call state; only the RI's own leftovers go here.
        UnackedDialogDelete.cancelOnceAcked(event.getDialog());
    }
}
