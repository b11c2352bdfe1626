package io.trunkroute.sip.stack;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * RFC 6026's "Accepted" state for INVITEs this node answered with a 2xx. RFC 3261 ends an INVITE
 * server transaction as soon as its 2xx is sent; the RI then keeps it only for its linger and
 * forgets it. A copy of that INVITE arriving later (every response to it lost, or the INVITE
 * waiting in a socket queue behind an overload) then matches nothing and reaches the application
 * as a new INVITE: for the engine, a second call to the same callee. RFC 6026 section 7.1 keeps
 * the transaction "Accepted" for Timer L (64*T1) and absorbs such copies without passing them up.
 *
 * <p>This valve remembers the top Via's branch and sent-by of every INVITE {@link #accepted} for
 * 64*T1 to twice that, and drops an INVITE that carries them again (RFC 3261 section 17.2.3:
 * branch, sent-by and method identify the transaction). Only {@code z9hG4bK} branches are
 * remembered; an RFC 2543 peer's INVITEs go to the stack's own matching. One small record per
 * answered INVITE, in {@link RecentEntries} that {@link SipNode} ticks every 64*T1: nothing is
 * scheduled per call. Installed through {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE} by
 * {@link SipNode}.
 */
public final class AcceptedInviteValve implements SIPMessageValve {

    /** Timer L, RFC 6026: 64*T1 with T1 = 500 ms; also the period of {@link #tick}. */
    static final long ACCEPTED_MS = 64 * 500;

    private final RecentEntries<TransactionKey, Boolean> accepted = new RecentEntries<>(1);
    private final LongAdder absorbed = new LongAdder();

    @Override
    public void init(SipStack sipStack) {
        // nothing from the stack
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        if (!Request.INVITE.equals(request.getMethod())) {
            return true;
        }
        TransactionKey key = TransactionKey.of(request);
        if (key != null && accepted.get(key) != null) {
            absorbed.increment();
            return false;
        }
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
        accepted.clear();
    }

    /** {@code invite} was answered with a 2xx: its copies are absorbed from now on. */
    public void accepted(Request invite) {
        if (invite instanceof SIPRequest r && Request.INVITE.equals(r.getMethod())) {
            TransactionKey key = TransactionKey.of(r);
            if (key != null) {
                accepted.put(key, Boolean.TRUE);
            }
        }
    }

    /** 64*T1 passed: INVITEs answered before the previous tick are forgotten. */
    void tick() {
        accepted.tick();
    }

    /** INVITEs dropped as copies of one already answered. */
    public long absorbed() {
        return absorbed.sum();
    }
}
