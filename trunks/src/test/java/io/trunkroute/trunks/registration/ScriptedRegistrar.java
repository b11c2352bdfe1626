package io.trunkroute.trunks.registration;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Stand-in for the network side of {@link Registrar} in timing tests (the real SIP path is
 * covered against Kamailio in RegistrationIT): answers from a script, records what was sent and
 * when. Answers complete immediately unless {@link #holdNext()} was called.
 */
final class ScriptedRegistrar implements Registrar {

    record Sent(Instant at, RegisterAttempt attempt) {
    }

    private final VirtualTime time;
    private final Deque<Function<RegisterAttempt, RegisterOutcome>> script = new ArrayDeque<>();
    private Function<RegisterAttempt, RegisterOutcome> fallback;
    private final List<Sent> sent = new ArrayList<>();
    private boolean holdNext;
    private CompletableFuture<RegisterOutcome> held;
    private RegisterAttempt heldAttempt;

    ScriptedRegistrar(VirtualTime time) {
        this.time = time;
        this.fallback = ok(360);
    }

    static Function<RegisterAttempt, RegisterOutcome> ok(int granted) {
        return a -> new RegisterOutcome.Answered(200, "OK", a.expires() == 0 ? 0 : granted, null, null, a.cseq() + 1);
    }

    static Function<RegisterAttempt, RegisterOutcome> code(int code, String reason) {
        return a -> new RegisterOutcome.Answered(code, reason, null, null, null, a.cseq() + 1);
    }

    static Function<RegisterAttempt, RegisterOutcome> tooBrief(int min) {
        return a -> new RegisterOutcome.Answered(423, "Interval Too Brief", null, min, null, a.cseq() + 1);
    }

    static Function<RegisterAttempt, RegisterOutcome> timeout() {
        return a -> new RegisterOutcome.Unanswered(true, "timeout");
    }

    ScriptedRegistrar then(Function<RegisterAttempt, RegisterOutcome> answer) {
        script.add(answer);
        return this;
    }

    ScriptedRegistrar otherwise(Function<RegisterAttempt, RegisterOutcome> answer) {
        fallback = answer;
        return this;
    }

    void holdNext() {
        holdNext = true;
    }

    void releaseHeld() {
        CompletableFuture<RegisterOutcome> h = held;
        held = null;
        h.complete(next().apply(heldAttempt));
    }

    List<Sent> sent() {
        return sent;
    }

    private Function<RegisterAttempt, RegisterOutcome> next() {
        return script.isEmpty() ? fallback : script.poll();
    }

    @Override
    public CompletionStage<RegisterOutcome> send(RegisterAttempt attempt) {
        sent.add(new Sent(time.instant(), attempt));
        if (holdNext) {
            holdNext = false;
            held = new CompletableFuture<>();
            heldAttempt = attempt;
            return held;
        }
        return CompletableFuture.completedFuture(next().apply(attempt));
    }
}
