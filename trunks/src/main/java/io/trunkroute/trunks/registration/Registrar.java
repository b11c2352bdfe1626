package io.trunkroute.trunks.registration;

import java.util.concurrent.CompletionStage;

/**
 * Sends one REGISTER (answering digest challenges) and reports its outcome. The production
 * implementation is {@link CamelRegistrar} over the {@code sip:} component; the state machine only
 * sees this port, which keeps its timing logic testable without a network.
 */
public interface Registrar {
    CompletionStage<RegisterOutcome> send(RegisterAttempt attempt);
}
