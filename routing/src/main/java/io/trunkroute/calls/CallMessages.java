package io.trunkroute.calls;

import io.trunkroute.sip.stack.IncomingRequest;
import io.trunkroute.sip.stack.SipNode;
import java.text.ParseException;
import java.util.Locale;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
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

    /** The transport the request arrived over (its top Via), lower case. */
    static String transportOf(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
    }

    static long cseqOf(Message m) {
        return ((CSeqHeader) m.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    /** ACK for a 2xx to an INVITE (RFC 3261 section 13.2.2.4): a request of the dialog, no transaction. */
    static void ack(Dialog dialog, Response ok) {
        try {
            dialog.sendAck(dialog.createAck(cseqOf(ok)));
        } catch (SipException | InvalidArgumentException e) {
            LOG.warn("could not ACK {}: {}", dialog.getDialogId(), e.getMessage());
        }
    }

    /** Sends a BYE in {@code dialog}; the answer only matters for logging. */
    static void bye(SipNode node, Dialog dialog) {
        if (dialog == null) {
            return;
        }
        try {
            Request bye = dialog.createRequest(Request.BYE);
            ClientTransaction ct = node.provider().getNewClientTransaction(bye);
            dialog.sendRequest(ct);
        } catch (SipException | RuntimeException e) {
            LOG.debug("could not send BYE in {}: {}", dialog.getDialogId(), e.getMessage());
        }
    }

    /**
     * Relays a request received in one dialog (re-INVITE, UPDATE, INFO, ...) into the other, and its
     * final response back; a 2xx to a re-INVITE is ACKed on the far side at once (the near side's
     * ACK then ends at us).
     */
    static void relay(SipNode node, IncomingRequest in, Dialog target) {
        Request out;
        try {
            out = target.createRequest(in.request().getMethod());
            copyBody(in.request(), out);
        } catch (SipException e) {
            in.respond(Response.SERVER_INTERNAL_ERROR, "Cannot relay");
            return;
        }
        try {
            ClientTransaction ct = node.provider().getNewClientTransaction(out);
            ct.setApplicationData(new io.trunkroute.sip.stack.ClientTransactionListener() {
                @Override
                public void onResponse(ResponseEvent event) {
                    Response r = event.getResponse();
                    if (r.getStatusCode() < 200) {
                        return;
                    }
                    if (Request.INVITE.equals(out.getMethod()) && r.getStatusCode() / 100 == 2) {
                        ack(target, r);
                    }
                    Response back = in.createResponse(r.getStatusCode(), r.getReasonPhrase());
                    copyBody(r, back);
                    if (Request.INVITE.equals(out.getMethod()) && r.getStatusCode() / 100 == 2) {
                        try {
                            back.setHeader(ServerLeg.contactHeader(node, transportOf(in.request())));
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
            target.sendRequest(ct);
        } catch (SipException e) {
            in.respond(Response.SERVICE_UNAVAILABLE, "Cannot relay");
        }
    }

    /** The user part of a SIP URI Request-URI, or null. */
    static String requestUser(Request request) {
        return request.getRequestURI() instanceof SipURI u ? u.getUser() : null;
    }
}
