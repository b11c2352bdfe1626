package io.trunkroute.calls;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans call events out to several listeners; one failing listener does not stop the others. */
public final class CallListeners implements CallListener {

    private static final Logger LOG = LoggerFactory.getLogger(CallListeners.class);

    private final List<CallListener> listeners;

    public CallListeners(List<CallListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onAttempt(String tenant, String trunkId, int code, boolean failedOver) {
        each(l -> l.onAttempt(tenant, trunkId, code, failedOver));
    }

    @Override
    public void onCallEnded(CallRecord record) {
        each(l -> l.onCallEnded(record));
    }

    @Override
    public void onRefused(String reason, int code) {
        each(l -> l.onRefused(reason, code));
    }

    @Override
    public void onChannelRefused(String trunkId, ChannelLedger.Refusal kind) {
        each(l -> l.onChannelRefused(trunkId, kind));
    }

    @Override
    public void onDecision(Duration took) {
        each(l -> l.onDecision(took));
    }

    private void each(java.util.function.Consumer<CallListener> event) {
        for (CallListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("call listener {} failed: {}", l.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
