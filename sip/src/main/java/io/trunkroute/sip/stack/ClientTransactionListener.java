package io.trunkroute.sip.stack;

import javax.sip.ResponseEvent;

/**
 * Events of one client transaction, attached as the transaction's application data so the
 * node's single {@link javax.sip.SipListener} can dispatch without a lookup table.
 */
public interface ClientTransactionListener {

    /** Any response (1xx to 6xx) matched to the transaction. */
    void onResponse(ResponseEvent event);

    /** Timer B/F fired: no final response (RFC 3261 section 17.1). */
    void onTimeout();
}
