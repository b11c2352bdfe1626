package io.trunkroute.sip.client;

import io.trunkroute.sip.auth.DigestAuthenticator;
import io.trunkroute.sip.auth.DigestCredentials;
import io.trunkroute.sip.auth.DigestSession;
import io.trunkroute.sip.stack.ClientTransactionListener;
import io.trunkroute.sip.stack.SipNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.sip.Dialog;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Sends requests statefully and answers digest challenges on the way: the front door the Camel
 * producer (and through it trunks/ and routing/) uses for every out-of-dialog request, and the
 * call legs use for requests inside a dialog.
 */
public final class SipClient {

    private final SipNode node;
    private final DigestAuthenticator authenticator;

    public SipClient(SipNode node) {
        this(node, new DigestAuthenticator());
    }

    public SipClient(SipNode node, DigestAuthenticator authenticator) {
        this.node = node;
        this.authenticator = authenticator;
    }

    public SipNode node() {
        return node;
    }

    /**
     * Sends {@code request} and completes with its final response. A 401/407 is answered when
     * {@code credentials} are given, once per realm (again only if the server says the nonce was
     * stale); a second challenge is returned as the final response, because it means the
     * credentials were refused. Fails with {@link SipRequestException} on timeout or transport error.
     *
     * @param timeout     how long each transaction may wait for a final response
     * @param provisional receives 1xx responses (may be null)
     */
    public CompletableFuture<SipResult> send(Request request, DigestCredentials credentials, Duration timeout,
                                             Consumer<Response> provisional) {
        return start(request, credentials, timeout, provisional).result();
    }

    /**
     * Like {@link #send} but returns the handle, for INVITEs that may need a CANCEL. For INVITE the
     * timeout bounds only the wait for a first (provisional) response.
     */
    public OutgoingRequest start(Request request, DigestCredentials credentials, Duration timeout,
                                 Consumer<Response> provisional) {
        OutgoingRequest tx = new OutgoingRequest(node, authenticator, credentials, timeout,
                provisional == null ? r -> { } : provisional);
        tx.start(request);
        return tx;
    }

    /**
     * Sends a request built by {@code dialog} inside it. A 401/407 is answered with
     * {@code credentials} (the same rules as {@link #send}) by a new request from the dialog;
     * every other response, and the timeout, reaches {@code outcome}.
     *
     * @param credentials null when the far end is not expected to challenge: its 401/407 then
     *                    reaches {@code outcome} like any final response
     */
    public void sendInDialog(Dialog dialog, DialogRequest.Builder builder, DigestCredentials credentials,
                             ClientTransactionListener outcome) throws SipException {
        DigestSession digest = credentials == null ? null : new DigestSession(authenticator, credentials);
        DialogRequest.send(node, dialog, builder, digest, outcome);
    }
}
