package io.trunkroute.trunks.registration;

import io.trunkroute.trunks.model.Trunk;

/**
 * One REGISTER to send for a trunk (RFC 3261 section 10.2): the same Call-ID for all of a
 * trunk's REGISTERs and a CSeq that only grows, so the registrar orders them (section 10.2.4).
 *
 * @param expires        requested lifetime; 0 removes the binding
 * @param removeContacts other bindings of this trunk to remove in the same REGISTER (expires=0):
 *                       the contact of the cluster node that registered the trunk before this one
 */
public record RegisterAttempt(Trunk trunk, String callId, long cseq, int expires, String contactUri,
                              java.util.List<String> removeContacts) {

    public RegisterAttempt {
        removeContacts = java.util.List.copyOf(removeContacts);
    }

    public RegisterAttempt(Trunk trunk, String callId, long cseq, int expires, String contactUri) {
        this(trunk, callId, cseq, expires, contactUri, java.util.List.of());
    }
}
