package io.trunkroute.calls;

import io.trunkroute.sip.stack.IncomingRequest;
import io.trunkroute.sip.stack.SipIdentifiers;
import io.trunkroute.sip.stack.SipNode;
import java.text.ParseException;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The caller's side of a bridged call (UAS role, RFC 3261 section 13.3): the INVITE server
 * transaction and the dialog it creates. All responses carry one To tag; 18x and 200 carry our
 * Contact and the other leg's SDP untouched.
 */
final class ServerLeg {

    private final SipNode node;
    /**
     * Null once the 2xx was ACKed ({@link #acked}): every response has been sent, and kept it would
     * hold the caller's INVITE, some 6 KB, for the whole call.
     */
    private IncomingRequest invite;
    private final ServerTransaction transaction;
    private final Dialog dialog;
    private final String toTag = SipIdentifiers.newTag();
    private boolean finalSent;

    ServerLeg(SipNode node, IncomingRequest invite) throws SipException {
        this.node = node;
        this.invite = invite;
        this.transaction = invite.transaction();
        this.dialog = node.provider().getNewDialog(invite.transaction());
    }

    Dialog dialog() {
        return dialog;
    }

    ServerTransaction transaction() {
        return transaction;
    }

    /** The caller's INVITE; not after {@link #acked}. */
    Request request() {
        if (invite == null) {
            throw new IllegalStateException("the INVITE was let go when its 2xx was ACKed");
        }
        return invite.request();
    }

    /**
     * The 2xx was ACKed: the INVITE's transaction can leave the stack (IncomingRequest.endAnsweredInvite),
     * and this leg no longer needs the INVITE.
     */
    void acked() {
        if (invite != null) {
            invite.endAnsweredInvite();
            invite = null;
        }
    }

    boolean finalSent() {
        return finalSent;
    }

    void trying() {
        invite.respond(Response.TRYING, null);
    }

    /** Relays a 18x (and its early-media SDP) of the other leg. */
    void provisional(Response from) {
        if (finalSent) {
            return;
        }
        send(withBody(response(from.getStatusCode(), from.getReasonPhrase(), true), from), false);
    }

    /** 200 OK with the callee's SDP answer. */
    void answer(Response from) {
        send(withBody(response(Response.OK, null, true), from), true);
    }

    void reject(int code, String reason) {
        if (!finalSent) {
            send(response(code, reason, false), true);
        }
    }

    private Response response(int code, String reason, boolean contact) {
        Response r = invite.createResponse(code, reason);
        try {
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(toTag);
            if (contact) {
                r.setHeader(contactHeader(node, CallMessages.transportOf(invite.request())));
            }
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    static ContactHeader contactHeader(SipNode node, String transport) throws ParseException {
        String uri = "sip:" + node.settings().advertisedAddress() + ":" + node.settings().port() + ";transport="
                + transport;
        return node.headerFactory().createContactHeader(node.templates().address(uri));
    }

    private static Response withBody(Response r, javax.sip.message.Message from) {
        CallMessages.copyBody(from, r);
        return r;
    }

    private void send(Response r, boolean isFinal) {
        if (invite.send(r) && isFinal) {
            finalSent = true;
        }
    }

    /** Content-Type of a message, or null. */
    static ContentTypeHeader contentType(javax.sip.message.Message m) {
        return (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
    }
}
