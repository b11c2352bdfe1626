package io.trunkroute.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trunkroute.sip.client.OutgoingRequest;
import io.trunkroute.sip.client.RequestSpec;
import io.trunkroute.sip.client.SipClient;
import io.trunkroute.sip.client.SipRequestFactory;
import io.trunkroute.sip.client.SipResult;
import io.trunkroute.sip.stack.ClientTransactionListener;
import io.trunkroute.sip.stack.DialogHandler;
import io.trunkroute.sip.stack.IncomingRequest;
import io.trunkroute.sip.stack.IncomingRequestHandler;
import io.trunkroute.sip.stack.SipNode;
import io.trunkroute.sip.stack.UnackedDialogDelete;
import io.trunkroute.testpeers.CalleePeer;
import io.trunkroute.testpeers.PbxPeer;
import io.trunkroute.testpeers.SippRun;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.TransactionState;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An answered, ACKed and ended dialog is no longer held by the RI's "delete if no ACK was sent"
 * task once the RI reports it terminated (when its BYE is answered, at the latest after its linger,
 * {@link SipNode#LINGER_SECONDS}): that
 * task, which nothing in the RI cancels, kept every answered dialog and its INVITE transaction
 * reachable for 32 s (UnackedDialogDelete). A real SIPp callee answers.
 *
 * <p>The test looks at the task, not at the dialog's reachability. A first version watched the
 * dialog through a weak reference: released 9-10 s after the call in 5 runs of this module or
 * test alone, but in both whole-project runs something else, not identified, still held it 25 s
 * after the call, the task long cancelled.
 */
class AnsweredDialogReleaseIT extends SipComponentTestSupport {

    private CalleePeer callee;
    /** The BYE's client transaction, as its 200 found it. */
    private volatile ClientTransaction byeAnswered;
    /** What that transaction held for the node when its 200 was delivered. */
    private volatile Optional<Object> byeApplicationData;

    @AfterEach
    void stopCallee() {
        if (callee != null) {
            callee.stop();
        }
    }

    @Test
    void anEndedCallsDialogIsNoLongerHeldByTheRisNoAckTask() throws Exception {
        callee = CalleePeer.answering("callee-release", "127.0.0.2", 1, SippRun.WAITING_FOR_A_CALL);
        SipNode node = context.getComponent("sip", SipComponent.class).getNode();
        Dialog dialog = callAndHangUp(node, new SipClient(node));
        assertThat(callee.awaitExit()).as(callee.report()).isZero();

        // Terminated by the BYE, reported when the stack forgets it: a timer tick after the BYE's
        // 200 (DialogLinger), at the latest after the linger (the RI's default, 8 s, would fail this
        // wait); left alone, the task would run 32 s after the answer.
        await().atMost(Duration.ofSeconds(SipNode.LINGER_SECONDS + 2)).pollInterval(Duration.ofMillis(200))
                .until(() -> !UnackedDialogDelete.pending(dialog));
        assertThat(dialog.getState()).isEqualTo(javax.sip.DialogState.TERMINATED);
    }

    /**
     * The BYE's client transaction ends {@link SipNode#NON_INVITE_TIMER_K_MS} after its 200, not the
     * RI's 5 s (T4): Timer K only absorbs repeats of the 200, which the node drops without a
     * transaction as well, and held 5 s every call's BYE outlived several young collections.
     */
    @Test
    void theByesTransactionEndsHalfASecondAfterItsAnswer() throws Exception {
        callee = CalleePeer.answering("callee-bye-tx", "127.0.0.2", 1, SippRun.WAITING_FOR_A_CALL);
        SipNode node = context.getComponent("sip", SipComponent.class).getNode();
        callAndHangUp(node, new SipClient(node));
        assertThat(byeAnswered.getState()).as("Completed on its 200 (UDP)").isEqualTo(TransactionState.COMPLETED);
        assertThat(byeApplicationData).as("settled, the BYE's transaction no longer leads to the BYE (DialogRequest)")
                .isEmpty();

        await().atMost(Duration.ofMillis(SipNode.NON_INVITE_TIMER_K_MS + 1_000)).pollInterval(Duration.ofMillis(50))
                .until(() -> byeAnswered.getState() == TransactionState.TERMINATED);
        assertThat(callee.awaitExit()).as(callee.report()).isZero();
    }

    /**
     * An INVITE this node answered 2xx leaves the stack with its ACK (IncomingRequest.endAnsweredInvite)
     * instead of a linger after the 2xx: its transaction no longer holds the request, and the dialog
     * goes on (the PBX's BYE is answered 200 in it). A SIPp PBX calls the node.
     */
    @Test
    void anAnsweredInvitesTransactionLetsTheInviteGoOnItsAck() throws Exception {
        SipNode node = context.getComponent("sip", SipComponent.class).getNode();
        CompletableFuture<Optional<Request>> heldAfterAck = new CompletableFuture<>();
        IncomingRequestHandler uas = answeringPbxCalls(node, heldAfterAck, dialog -> { }, in -> {
            in.endAnsweredInvite();
            heldAfterAck.complete(Optional.ofNullable(in.transaction().getRequest()));
        });
        node.registerHandler(Request.INVITE, uas);
        try {
            SippRun pbx = new PbxPeer("127.0.0.1", "201").call("127.0.0.1:" + sipPort, "79001234598", 1, 500,
                    "node-answer", Duration.ofSeconds(20));
            assertThat(heldAfterAck.get(15, TimeUnit.SECONDS)).as("the request its transaction holds once ACKed")
                    .isEmpty();
            assertThat(pbx.awaitExit()).as(pbx.report()).isZero();
        } finally {
            node.unregisterHandler(Request.INVITE, uas);
        }
    }

    /**
     * A dialog whose BYE was answered leaves the stack's tables at the timer's next tick, not a
     * linger later ({@link SipNode#byeAnswered}, DialogLinger): both the dialog this node ended (its
     * BYE answered 200 by a SIPp callee) and the one a SIPp PBX ended (its BYE answered 200 here).
     * A dialog the stack still had after its linger's second would fail both waits.
     */
    @Test
    void aDialogWhoseByeWasAnsweredLeavesTheStackBeforeItsLinger() throws Exception {
        Duration beforeLinger = Duration.ofMillis(SipNode.LINGER_SECONDS * 1_000L - 300);
        callee = CalleePeer.answering("callee-bye-ends", "127.0.0.2", 1, SippRun.WAITING_FOR_A_CALL);
        SipNode node = context.getComponent("sip", SipComponent.class).getNode();
        gov.nist.javax.sip.stack.SIPTransactionStack stack = stackOf(node);
        Dialog ours = callAndHangUp(node, new SipClient(node));
        await().atMost(beforeLinger).pollInterval(Duration.ofMillis(20))
                .alias("the dialog whose BYE this node sent, after its 200")
                .until(() -> stack.getDialog(ours.getDialogId()) == null);
        // Reported terminated on the way out: the RI's no-ACK task is cancelled then, not 32 s later.
        assertThat(UnackedDialogDelete.pending(ours)).isFalse();
        assertThat(callee.awaitExit()).as(callee.report()).isZero();

        CompletableFuture<String> theirs = new CompletableFuture<>();
        IncomingRequestHandler uas = answeringPbxCalls(node, theirs, dialog -> theirs.complete(dialog.getDialogId()),
                IncomingRequest::endAnsweredInvite);
        node.registerHandler(Request.INVITE, uas);
        try {
            SippRun pbx = new PbxPeer("127.0.0.1", "201").call("127.0.0.1:" + sipPort, "79001234597", 1, 200,
                    "node-answer", Duration.ofSeconds(20));
            String answeredBye = theirs.get(15, TimeUnit.SECONDS);
            await().atMost(beforeLinger).pollInterval(Duration.ofMillis(20))
                    .alias("the dialog whose BYE the PBX sent, after this node's 200")
                    .until(() -> stack.getDialog(answeredBye) == null);
            assertThat(pbx.awaitExit()).as(pbx.report()).isZero();
        } finally {
            node.unregisterHandler(Request.INVITE, uas);
        }
    }

    /**
     * Once out of the stack's tables, an ended dialog is not kept a linger longer by the RI's
     * linger tasks (scheduled when its BYE left and again when it was answered): the timer holds
     * them without their dialog (DialogLinger, WheelSipTimer), so nothing holds the dialog and the
     * next collection takes it, well within the linger's second.
     */
    @Test
    void theRisLingerTasksDoNotKeepAnEndedDialog() throws Exception {
        callee = CalleePeer.answering("callee-linger-weak", "127.0.0.2", 1, SippRun.WAITING_FOR_A_CALL);
        SipNode node = context.getComponent("sip", SipComponent.class).getNode();
        java.lang.ref.WeakReference<Dialog> ended = endedAndForgotten(node);
        await().atMost(Duration.ofMillis(SipNode.LINGER_SECONDS * 1_000L - 300)).pollInterval(Duration.ofMillis(50))
                .alias("the ended dialog collected").until(() -> {
                    System.gc();
                    return ended.get() == null;
                });
        assertThat(callee.awaitExit()).as(callee.report()).isZero();
    }

    /** A call made and hung up, its dialog out of the stack's tables; only a weak reference to it kept here. */
    private java.lang.ref.WeakReference<Dialog> endedAndForgotten(SipNode node) throws Exception {
        gov.nist.javax.sip.stack.SIPTransactionStack stack = stackOf(node);
        Dialog d = callAndHangUp(node, new SipClient(node));
        String id = d.getDialogId();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> stack.getDialog(id) == null);
        byeAnswered = null; // the BYE's transaction, kept by this test for the other checks
        return new java.lang.ref.WeakReference<>(d);
    }

    /**
     * The node as a PBX's callee: each INVITE answered 200 with an SDP in a new dialog, its ACK
     * handed to {@code acked} (with the INVITE), its BYE answered 200 and then handed to
     * {@code byeAnswered}; a failure to answer completes {@code failed}.
     */
    private IncomingRequestHandler answeringPbxCalls(SipNode node, CompletableFuture<?> failed,
            java.util.function.Consumer<Dialog> byeAnswered, java.util.function.Consumer<IncomingRequest> acked) {
        return in -> {
            try {
                Dialog dialog = node.provider().getNewDialog(in.transaction());
                dialog.setApplicationData(new DialogHandler() {
                    @Override
                    public void onRequest(IncomingRequest bye) {
                        bye.respond(200, null);
                        byeAnswered.accept(dialog);
                    }

                    @Override
                    public void onAck(Request ack) {
                        acked.accept(in);
                    }
                });
                Response ok = in.createResponse(200, null);
                ok.addHeader(node.headerFactory().createContactHeader(
                        node.addressFactory().createAddress("sip:node@127.0.0.1:" + sipPort)));
                ok.setContent("v=0\r\no=node 1 1 IN IP4 127.0.0.1\r\ns=node-answer\r\nc=IN IP4 127.0.0.1\r\n"
                        + "t=0 0\r\nm=audio 40002 RTP/AVP 0\r\n",
                        node.headerFactory().createContentTypeHeader("application", "sdp"));
                in.send(ok);
            } catch (Exception e) {
                failed.completeExceptionally(e);
            }
        };
    }

    private static gov.nist.javax.sip.stack.SIPTransactionStack stackOf(SipNode node) {
        return (gov.nist.javax.sip.stack.SIPTransactionStack) node.provider().getSipStack();
    }

    /** INVITE, 200, ACK (the RI's no-ACK task is checked there), BYE, 200; the dialog. */
    private Dialog callAndHangUp(SipNode node, SipClient client) throws Exception {
        String sdp = "v=0\r\no=t 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\n";
        Request invite = new SipRequestFactory(node).create(RequestSpec.builder("INVITE")
                .requestUri("sip:79001234599@" + callee.hostPort()).from("sip:201@127.0.0.1")
                .to("sip:79001234599@" + callee.hostPort()).contact("sip:201@127.0.0.1:" + sipPort)
                .body(sdp.getBytes(StandardCharsets.US_ASCII), "application/sdp").build());
        OutgoingRequest out = client.start(invite, null, Duration.ofSeconds(5), null);
        SipResult answer = out.result().get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        // The stack keeps the INVITE's transaction as long as the dialog: settled, it no longer
        // leads to the request, its result and answer (OutgoingRequest.detach, right after the result).
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(out.transaction().getApplicationData())
                        .isInstanceOf(ClientTransactionListener.class).isNotSameAs(out));
        Dialog d = answer.dialog();
        d.sendAck(d.createAck(((CSeqHeader) answer.response().getHeader(CSeqHeader.NAME)).getSeqNumber()));
        // Checked before the BYE: the task goes a linger (a second) after the call ends. The RI
        // schedules it after our listener has taken the 200 (EventScanner), so it may come a moment
        // after this thread got the answer.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .alias("the RI scheduled its no-ACK task on the answer").until(() -> UnackedDialogDelete.pending(d));

        CompletableFuture<Integer> bye = new CompletableFuture<>();
        client.sendInDialog(d, x -> x.createRequest(Request.BYE), null, new ClientTransactionListener() {
            @Override
            public void onResponse(ResponseEvent event) {
                byeAnswered = event.getClientTransaction();
                byeApplicationData = Optional.ofNullable(byeAnswered.getApplicationData());
                bye.complete(event.getResponse().getStatusCode());
            }

            @Override
            public void onTimeout() {
                bye.complete(408);
            }
        });
        assertThat(bye.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        return d;
    }
}
