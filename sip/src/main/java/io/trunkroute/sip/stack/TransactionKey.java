package io.trunkroute.sip.stack;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;

/**
 * What identifies a request's server transaction (RFC 3261 section 17.2.3): the top Via's branch
 * and sent-by, and the method. The valves that stand in for ended transactions
 * ({@link AcceptedInviteValve}, {@link CompletedRequestValve}) remember requests by it.
 */
record TransactionKey(String branch, String host, int port, String method) {

    /** The request's key, or null for a branch without RFC 3261's {@code z9hG4bK} (left to the stack). */
    static TransactionKey of(SIPRequest request) {
        Via via = request.getTopmostVia();
        String branch = via == null ? null : via.getBranch();
        if (branch == null || !branch.regionMatches(true, 0, "z9hG4bK", 0, 7)) {
            return null;
        }
        return new TransactionKey(branch, via.getHost(), via.getPort(), request.getMethod());
    }
}
