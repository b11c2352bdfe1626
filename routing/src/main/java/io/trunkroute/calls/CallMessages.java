package io.trunkroute.calls;

import io.trunkroute.sip.auth.DigestCredentials;
import io.trunkroute.sip.auth.DigestSession;
import io.trunkroute.sip.client.DialogRequest;
import io.trunkroute.sip.client.SipClient;
import io.trunkroute.sip.sdp.RejectingAnswer;
import io.trunkroute.sip.stack.ClientTransactionListener;
import io.trunkroute.sip.stack.IncomingRequest;
import io.trunkroute.sip.stack.StrayInvite2xxValve;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small SIP helpers the call legs share: bodies, ACK, BYE, relaying in-dialog requests. */
final class CallMessages {

    private static final Logger LOG = LoggerFactory.getLogger(CallMessages.class);

    private CallMessages() {
    }

    /** The body and its Content-Type, copied as they are: the engine never rewrites SDP. */
    static void copyBody(Message from, Message to) {
        byte[] body = from.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) from.getHeader(ContentTypeHeader.NAME);
        if (body != null && body.length > 0 && type != null) {
            try {
                to.setContent(body, (ContentTypeHeader) type.clone());
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static boolean hasBody(Message m) {
        byte[] body = m.getRawContent();
        return body != null && body.length > 0;
    }

    /**
     * Takes the ACK of a relayed re-INVITE's 2xx that must wait: the re-INVITE had no SDP (a
     * delayed offer), so the 2xx carries an offer whose answer only the near side's ACK has.
     */
    @FunctionalInterface
    interface AckHold {
        void hold(Dialog far, Response ok, Request answered);
    }

    /** The transport the request arrived over (its top Via), lower case. */
    static String transportOf(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
    }

    static long cseqOf(Message m) {
        return ((CSeqHeader) m.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    /**
     * ACK for a 2xx to an INVITE (RFC 3261 section 13.2.2.4): a request of the dialog, no
     * transaction, carrying the same credentials as {@code invite}, the INVITE that was answered.
     */
    static void ack(Dialog dialog, Response ok, Request invite) {
        ack(dialog, ok, invite, null);
    }

    /**
     * ACKs a repeated 2xx to an INVITE: the ACK already sent for its CSeq goes again (it may carry
     * an SDP answer, which a new one would lack), else a new one as {@link #ack} builds it.
     */
    static void ackAgain(Dialog dialog, Response ok, List<Header> credentials) {
        if (!StrayInvite2xxValve.resendAckFor(dialog, cseqOf(ok))) {
            sendAck(dialog, ok, credentials, null);
        }
    }

    /** The same, with the body of {@code bodyFrom} (the SDP answer to an offer in the 2xx) if not null. */
    static void ack(Dialog dialog, Response ok, Request invite, Message bodyFrom) {
        sendAck(dialog, ok, credentialsOf(invite), bodyFrom == null ? null : a -> copyBody(bodyFrom, a));
    }

    /**
     * ACK for a 2xx whose session is hung up at once, a BYE following: when the 2xx carries an
     * offer ({@code offered}: the INVITE it answers had no SDP), the ACK carries an answer refusing
     * every offered stream, which RFC 3261 section 13.2.2.4 asks of a caller that does not want
     * the session it was offered. {@code credentials}: the answered INVITE's ({@link #credentialsOf}).
     * {@code address}: the node's, for the answer's origin.
     */
    static void ackRefusing(Dialog dialog, Response ok, List<Header> credentials, boolean offered, String address) {
        sendAck(dialog, ok, credentials, offered && hasBody(ok) ? a -> RejectingAnswer.putInto(a, ok, address) : null);
    }

    /** The credentials {@code invite} carried (its ACK's), or null for no INVITE. */
    static List<Header> credentialsOf(Request invite) {
        return invite == null ? null : DigestSession.credentialsOf(invite);
    }

    /** {@code credentials}: what the ACK carries instead of the dialog's own (DigestSession); null leaves those. */
    private static void sendAck(Dialog dialog, Response ok, List<Header> credentials, Consumer<Request> body) {
        try {
            Request ack = dialog.createAck(cseqOf(ok));
            if (credentials != null) {
                DigestSession.replaceCredentials(credentials, ack);
            }
            if (body != null) {
                body.accept(ack);
            }
            dialog.sendAck(ack);
        } catch (SipException | InvalidArgumentException e) {
            LOG.warn("could not ACK {}: {}", dialog.getDialogId(), e.getMessage());
        }
    }

    /** Sends a BYE in {@code dialog}, answering a challenge with {@code credentials}; the outcome is only logged. */
    static void bye(SipClient client, Dialog dialog, DigestCredentials credentials) {
        if (dialog == null) {
            return;
        }
        try {
            client.sendInDialog(dialog, d -> d.createRequest(Request.BYE), credentials, new ClientTransactionListener() {
                @Override
                public void onResponse(ResponseEvent event) {
                    int code = event.getResponse().getStatusCode();
                    if (code >= 300) {
                        LOG.info("BYE in {} answered {} {}", dialog.getDialogId(), code,
                                event.getResponse().getReasonPhrase());
                    }
                }

                @Override
                public void onTimeout() {
                    LOG.info("BYE in {}: no response", dialog.getDialogId());
                }
            });
        } catch (SipException | RuntimeException e) {
            LOG.debug("could not send BYE in {}: {}", dialog.getDialogId(), e.getMessage());
        }
    }

    /**
     * Relays a request received in one dialog (re-INVITE, UPDATE, INFO, ...) into the other, and its
     * final response back; a 2xx to a re-INVITE is ACKed on the far side at once (the near side's
     * ACK then ends at us), unless it carries the offer of a delayed-offer re-INVITE: then its ACK
     * goes to {@code hold}. A challenge from the far side is answered with {@code credentials}.
     */
    static void relay(SipClient client, IncomingRequest in, Dialog target, DigestCredentials credentials,
                      AckHold hold) {
        String method = in.request().getMethod();
        boolean invite = Request.INVITE.equals(method);
        DialogRequest.Builder build = d -> {
            Request out = d.createRequest(method);
            copyBody(in.request(), out);
            return out;
        };
        try {
            client.sendInDialog(target, build, credentials, new ClientTransactionListener() {
                @Override
                public void onResponse(ResponseEvent event) {
                    Response r = event.getResponse();
                    if (r.getStatusCode() < 200) {
                        return;
                    }
                    if (invite && r.getStatusCode() / 100 == 2) {
                        // the request answered: after a challenge, the one that carried credentials
                        Request answered = event.getClientTransaction() == null ? null
                                : event.getClientTransaction().getRequest();
                        if (!hasBody(in.request()) && hasBody(r)) {
                            hold.hold(target, r, answered);
                        } else {
                            ack(target, r, answered);
                        }
                    }
                    Response back = in.createResponse(r.getStatusCode(), r.getReasonPhrase());
                    copyBody(r, back);
                    if (invite && r.getStatusCode() / 100 == 2) {
                        try {
                            back.setHeader(ServerLeg.contactHeader(client.node(), transportOf(in.request())));
                        } catch (ParseException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    in.send(back);
                }

                @Override
                public void onTimeout() {
                    in.respond(Response.REQUEST_TIMEOUT, null);
                }
            });
        } catch (SipException e) {
            in.respond(Response.SERVICE_UNAVAILABLE, "Cannot relay");
        }
    }

    /** The user part of a SIP URI Request-URI, or null. */
    static String requestUser(Request request) {
        return request.getRequestURI() instanceof SipURI u ? u.getUser() : null;
    }
}
