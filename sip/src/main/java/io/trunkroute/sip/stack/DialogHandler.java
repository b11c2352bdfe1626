package io.trunkroute.sip.stack;

import javax.sip.ResponseEvent;
import javax.sip.message.Request;

/**
 * Owner of a dialog (set as the dialog's application data): receives the requests that arrive
 * within it (RFC 3261 section 12.2.2) — BYE, re-INVITE, UPDATE, INFO — and the ACK of a 2xx,
 * which has no transaction of its own.
 */
public interface DialogHandler {

    /** A request within the dialog, with its server transaction. */
    void onRequest(IncomingRequest request);

    /** The ACK for a 2xx this side sent (RFC 3261 section 13.3.1.4). */
    void onAck(Request ack);

    /** A 2xx retransmitted after its transaction ended: the ACK was lost and must be sent again. */
    default void onRetransmitted2xx(ResponseEvent event) {
    }
}
