package io.trunkroute.sip.stack;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.io.IOException;
import java.text.ParseException;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 3261 section 17.2.2's "Completed" state of a non-INVITE server transaction, kept as a small
 * record instead of the RI's transaction. Over UDP that state lasts Timer J (64*T1, 32 s) and only
 * answers repeats of the request with the same final response. The RI keeps the whole
 * transaction for it, with its request and response: every call's BYE, 64,000 of them at 2,000
 * calls/s, promoted to the old generation and reclaimed by G1's concurrent cycles.
 *
 * <p>For a request answered through {@link IncomingRequest#respond} (a status and reason, nothing
 * else), {@link IncomingRequest} has the RI end the transaction about 1 s after the response (it then
 * leaves the stack after its linger) and puts here the top Via's branch and sent-by, the method, and what was answered
 * (status, reason, To tag). A repeat of that request is answered again from the record, on the
 * channel it came in on (as the transaction would), and goes no further. One record per answered
 * request, in {@link RecentEntries} that {@link SipNode} ticks every 64*T1, as
 * {@link AcceptedInviteValve} does for INVITEs. Only {@code z9hG4bK} branches are recorded.
 */
public final class CompletedRequestValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(CompletedRequestValve.class);

    /** What the request was answered: rebuilt from a repeat of it, this is the same response. */
    private record Answer(int status, String reason, String toTag) {
    }

    private final RecentEntries<TransactionKey, Answer> completed = new RecentEntries<>(1);
    private final LongAdder answeredAgain = new LongAdder();

    @Override
    public void init(SipStack sipStack) {
        // nothing from the stack
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        String method = request.getMethod();
        if (Request.INVITE.equals(method) || Request.ACK.equals(method)) {
            return true;
        }
        TransactionKey key = TransactionKey.of(request);
        Answer answer = key == null ? null : completed.get(key);
        if (answer == null) {
            return true;
        }
        answeredAgain.increment();
        try {
            SIPResponse response = request.createResponse(answer.status(), answer.reason());
            if (answer.toTag() != null && response.getTo().getTag() == null) {
                response.getTo().setTag(answer.toTag());
            }
            channel.sendMessage(response);
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.debug("could not answer a repeated {} again: {}", method, e.getMessage());
        }
        return false;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
        completed.clear();
    }

    /**
     * {@code request} (not an INVITE) was answered {@code response}, a status and reason built by
     * {@link IncomingRequest#createResponse}: its repeats get the same from now on.
     */
    void completed(Request request, Response response) {
        if (request instanceof SIPRequest r && response instanceof SIPResponse s) {
            TransactionKey key = TransactionKey.of(r);
            if (key != null) {
                completed.put(key, new Answer(s.getStatusCode(), s.getReasonPhrase(), s.getTo().getTag()));
            }
        }
    }

    /** 64*T1 passed: requests answered before the previous tick are forgotten. */
    void tick() {
        completed.tick();
    }

    /** Repeats of a completed request answered from its record. */
    public long answeredAgain() {
        return answeredAgain.sum();
    }
}
