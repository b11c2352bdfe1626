package io.trunkroute.sip.stack;

/**
 * Owner of an INVITE server transaction (set as its application data), told when the caller
 * CANCELs it (RFC 3261 section 9.2). The handler answers the CANCEL (200) and the INVITE (487).
 */
@FunctionalInterface
public interface CancelHandler {
    void onCancel(IncomingRequest cancel);
}
