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
    private final IncomingRequest invite;
    private final Dialog dialog;
    private final String toTag = SipIdentifiers.newTag();
    private boolean finalSent;

    ServerLeg(SipNode node, IncomingRequest invite) throws SipException {
        this.node = node;
        this.invite = invite;
        this.dialog = node.provider().getNewDialog(invite.transaction());
    }

    Dialog dialog() {
        return dialog;
    }

    ServerTransaction transaction() {
        return invite.transaction();
    }

    Request request() {
        return invite.request();
    }

    /** The 2xx was ACKed: the INVITE's transaction can leave the stack (IncomingRequest.endAnsweredInvite). */
    void acked() {
        invite.endAnsweredInvite();
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
