package io.trunkroute.sip.client;

import io.trunkroute.sip.auth.DigestSession;
import io.trunkroute.sip.stack.ClientTransactionListener;
import io.trunkroute.sip.stack.SipNode;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A request inside a dialog (BYE, re-INVITE, UPDATE, INFO) that answers digest challenges: some
 * carriers challenge every request of a call, not only the INVITE that opened it. A challenged
 * request is rebuilt by the dialog (its next CSeq, a new branch) and sent again with the
 * credentials, up to {@link DigestSession#MAX_ROUNDS} times; the RI lets a BYE be re-sent after a
 * challenge even though the dialog counts as terminated once the first BYE left.
 *
 * <p>Responses other than an answered challenge, and the timeout, go to the caller's listener.
 */
public final class DialogRequest implements ClientTransactionListener {

    /** Builds the request from the dialog; called again for each authenticated retry. */
    @FunctionalInterface
    public interface Builder {
        Request build(Dialog dialog) throws SipException;
    }

    private final SipNode node;
    private final Dialog dialog;
    private final Builder builder;
    private final DigestSession digest;
    private final ClientTransactionListener outcome;
    private Request current;
    private int rounds;

    private DialogRequest(SipNode node, Dialog dialog, Builder builder, DigestSession digest,
                          ClientTransactionListener outcome) {
        this.node = node;
        this.dialog = dialog;
        this.builder = builder;
        this.digest = digest;
        this.outcome = outcome;
    }

    /** See {@link SipClient#sendInDialog}. */
    static void send(SipNode node, Dialog dialog, Builder builder, DigestSession digest,
                     ClientTransactionListener outcome) throws SipException {
        new DialogRequest(node, dialog, builder, digest, outcome).sendNext();
    }

    private synchronized void sendNext() throws SipException {
        Request request = builder.build(dialog);
        // The RI copies onto every request a dialog creates the Proxy-Authorization of the last one
        // it sent: computed for another method and nonce count, the carrier would count it as a
        // failed login (and may ban the address). Each request answers its own challenge instead.
        request.removeHeader(AuthorizationHeader.NAME);
        request.removeHeader(ProxyAuthorizationHeader.NAME);
        if (rounds > 0) {
            try {
                digest.authorize(request, node.headerFactory());
            } catch (java.text.ParseException e) {
                throw new SipException("cannot add credentials: " + e.getMessage(), e);
            }
        }
        ClientTransaction ct = node.newClientTransaction(request);
        ct.setApplicationData(this);
        current = request;
        SipNode.sendStarted(ct, () -> dialog.sendRequest(ct));
    }

    @Override
    public void onResponse(ResponseEvent event) {
        Response r = event.getResponse();
        int code = r.getStatusCode();
        if ((code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED)
                && retried(r, event.getClientTransaction())) {
            return;
        }
        ClientTransaction ct = event.getClientTransaction();
        if (code >= 200 && ct != null && !Request.INVITE.equals(current.getMethod())) {
            // Settled. The stack keeps a non-INVITE transaction for Timer K after its final response,
            // and through its application data this request with its own: unanswered from here, a
            // repeat of the final response is dropped by the node, as the stack would.
            ct.setApplicationData(null);
        }
        if (code >= 200 && Request.BYE.equals(current.getMethod())) {
            // Whatever the answer, the dialog is over (RFC 3261 section 15.1.1); only a challenge
            // answered above needed it still.
            node.byeAnswered(dialog);
        }
        outcome.onResponse(event);
    }

    /** Sends the authenticated retry; false when the challenge goes to the caller instead. */
    private synchronized boolean retried(Response challenge, ClientTransaction challenged) {
        if (challenged != null && challenged.getRequest() != null && challenged.getRequest() != current) {
            return true; // the answer to a request already superseded by its retry: nothing to do
        }
        if (digest == null || rounds >= DigestSession.MAX_ROUNDS || !digest.answer(challenge, current)) {
            return false;
        }
        rounds++;
        try {
            sendNext();
            return true;
        } catch (SipException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void onTimeout() {
        outcome.onTimeout();
    }
}
