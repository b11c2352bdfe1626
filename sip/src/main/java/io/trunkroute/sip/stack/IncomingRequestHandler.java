package io.trunkroute.sip.stack;

/**
 * Receives new requests of the methods it was registered for with {@link SipNode#registerHandler}.
 * Called on a stack thread: hand long work to another thread and answer through the
 * {@link IncomingRequest}.
 */
@FunctionalInterface
public interface IncomingRequestHandler {
    void onRequest(IncomingRequest request);
}
