package io.trunkroute.trunks.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Secret;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Timing and response handling of one trunk's registration, on virtual time. */
class RegistrationStateMachineTest {

    private final VirtualTime time = new VirtualTime();
    private final ScriptedRegistrar carrier = new ScriptedRegistrar(time);
    private final List<RegistrationStatus> changes = new ArrayList<>();

    static Trunk trunk(String id, int expires) {
        return new Trunk(id, "acme", id, "sip.carrier.test", 5060, TrunkTransport.UDP, null,
                new TrunkAuth.Password("9900", Secret.of("pw"), null), true, expires, 30, null, null, List.of(),
                InviteFormat.E164, List.of(), 10, true);
    }

    private RegistrationStateMachine machine(Trunk t, RegistrationSettings settings) {
        return new RegistrationStateMachine(t, "call-1@test", "sip:9900@127.0.0.1:5060;line=" + t.id(), carrier, time,
                time, settings, () -> 0.5, (before, after) -> changes.add(after));
    }

    private RegistrationStateMachine started(Trunk t) {
        RegistrationStateMachine m = machine(t, RegistrationSettings.DEFAULT);
        m.start(Duration.ZERO);
        time.advance(Duration.ZERO);
        return m;
    }

    private List<Long> secondsBetweenSends() {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < carrier.sent().size(); i++) {
            gaps.add(Duration.between(carrier.sent().get(i - 1).at(), carrier.sent().get(i).at()).toSeconds());
        }
        return gaps;
    }

    @Test
    void refreshesBetweenEightyAndNinetyPercentOfTheGrantedNotTheRequestedLifetime() {
        carrier.otherwise(ScriptedRegistrar.ok(60));
        RegistrationStateMachine m = started(trunk("a", 360));

        assertThat(m.status().state()).isEqualTo(RegistrationState.REGISTERED);
        assertThat(m.status().grantedExpires()).isEqualTo(60);
        assertThat(m.status().registeredUntil()).isEqualTo(time.instant().plusSeconds(60));

        time.advance(Duration.ofSeconds(200));

        // random() = 0.5 puts the refresh at 85 % of 60 s.
        assertThat(secondsBetweenSends()).containsOnly(51L).hasSizeGreaterThanOrEqualTo(3);
        assertThat(carrier.sent()).extracting(s -> s.attempt().callId()).containsOnly("call-1@test");
        assertThat(carrier.sent()).extracting(s -> s.attempt().cseq()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void keepsTheSessionStartAcrossRefreshes() {
        RegistrationStateMachine m = started(trunk("a", 100));
        var session = m.status().sessionStart();

        time.advance(Duration.ofSeconds(700));

        assertThat(carrier.sent()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(m.status().sessionStart()).isEqualTo(session);
        assertThat(m.status().lastAttempt()).isAfter(session);
    }

    @Test
    void asksAgainWithMinExpiresAfter423() {
        carrier.then(ScriptedRegistrar.tooBrief(120)).otherwise(ScriptedRegistrar.ok(120));

        RegistrationStateMachine m = started(trunk("a", 60));

        assertThat(carrier.sent()).extracting(s -> s.attempt().expires()).containsExactly(60, 120);
        assertThat(m.status().state()).isEqualTo(RegistrationState.REGISTERED);
        assertThat(m.status().grantedExpires()).isEqualTo(120);
        assertThat(m.status().requestedExpires()).isEqualTo(120);
    }

    @Test
    void givesUpOnA423WithoutAUsableMinExpires() {
        carrier.otherwise(a -> new RegisterOutcome.Answered(423, "Interval Too Brief", null, null, null, a.cseq()));

        RegistrationStateMachine m = started(trunk("a", 60));

        assertThat(m.status().state()).isEqualTo(RegistrationState.FAILED);
        assertThat(m.status().lastResponseCode()).isEqualTo(423);
        assertThat(carrier.sent()).hasSize(1);
    }

    @Test
    void backsOffExponentiallyOnRefusedCredentialsUpToTheCap() {
        carrier.otherwise(ScriptedRegistrar.code(401, "Unauthorized"));

        RegistrationStateMachine m = started(trunk("a", 360));
        time.advance(Duration.ofMinutes(20));

        assertThat(m.status().state()).isEqualTo(RegistrationState.FAILED);
        assertThat(m.status().lastResponseCode()).isEqualTo(401);
        assertThat(secondsBetweenSends()).startsWith(30L, 60L, 120L, 240L, 300L, 300L);
    }

    @Test
    void sendsAtMostTwoAttemptsInTheFirstMinuteWhateverTheJitter() {
        for (double r : new double[] {0.0, 0.5, 0.999}) {
            VirtualTime t = new VirtualTime();
            ScriptedRegistrar c = new ScriptedRegistrar(t).otherwise(ScriptedRegistrar.code(403, "Forbidden"));
            RegistrationStateMachine m = new RegistrationStateMachine(trunk("a", 360), "c", "sip:x@y", c, t, t,
                    RegistrationSettings.DEFAULT, () -> r, (a, b) -> { });
            m.start(Duration.ZERO);
            t.advance(Duration.ofSeconds(60));

            assertThat(c.sent()).as("random=" + r).hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void honoursRetryAfterWithinTheBackoffCap() {
        carrier.then(a -> new RegisterOutcome.Answered(503, "Service Unavailable", null, null, 120, a.cseq()));

        started(trunk("a", 360));
        time.advance(Duration.ofMinutes(5));

        assertThat(secondsBetweenSends()).first().isEqualTo(120L);
    }

    @Test
    void leavesRegisteredOnTimeoutAndRecoversWhenTheCarrierAnswersAgain() {
        carrier.then(ScriptedRegistrar.ok(60)).then(ScriptedRegistrar.timeout()).then(ScriptedRegistrar.timeout())
                .otherwise(ScriptedRegistrar.ok(60));
        RegistrationStateMachine m = started(trunk("a", 60));
        var firstSession = m.status().sessionStart();

        time.advance(Duration.ofSeconds(52));
        assertThat(m.status().state()).isEqualTo(RegistrationState.FAILED);
        assertThat(m.status().lastResponseCode()).isNull();
        assertThat(m.status().lastResponseReason()).contains("timeout");

        time.advance(Duration.ofMinutes(3));
        assertThat(m.status().state()).isEqualTo(RegistrationState.REGISTERED);
        assertThat(m.status().consecutiveFailures()).isZero();
        assertThat(m.status().sessionStart()).isAfter(firstSession);
    }

    @Test
    void stopRemovesTheBindingWithExpiresZeroOnTheSameCallId() {
        RegistrationStateMachine m = started(trunk("a", 360));

        CompletionStage<Void> stopped = m.stop(RegistrationState.DISABLED);
        time.advance(Duration.ZERO);

        assertThat(stopped.toCompletableFuture()).isCompleted();
        RegisterAttempt dereg = carrier.sent().get(carrier.sent().size() - 1).attempt();
        assertThat(dereg.expires()).isZero();
        assertThat(dereg.callId()).isEqualTo(carrier.sent().get(0).attempt().callId());
        assertThat(dereg.cseq()).isGreaterThan(carrier.sent().get(0).attempt().cseq());
        assertThat(m.status().state()).isEqualTo(RegistrationState.DISABLED);

        time.advance(Duration.ofHours(1));
        assertThat(carrier.sent()).hasSize(2);
    }

    @Test
    void stopWhileARegisterIsInFlightDeregistersOnceItIsAnswered() {
        RegistrationStateMachine m = machine(trunk("a", 360), RegistrationSettings.DEFAULT);
        carrier.holdNext();
        m.start(Duration.ZERO);
        time.advance(Duration.ZERO);

        CompletionStage<Void> stopped = m.stop(RegistrationState.UNREGISTERED);
        assertThat(stopped.toCompletableFuture()).isNotDone();

        carrier.releaseHeld();
        time.advance(Duration.ZERO);

        assertThat(stopped.toCompletableFuture()).isCompleted();
        assertThat(carrier.sent()).extracting(s -> s.attempt().expires()).containsExactly(360, 0);
    }

    @Test
    void stopWithoutABindingSendsNothing() {
        carrier.otherwise(ScriptedRegistrar.code(403, "Forbidden"));
        RegistrationStateMachine m = started(trunk("a", 360));

        m.stop(RegistrationState.DISABLED);
        time.advance(Duration.ofMinutes(10));

        assertThat(carrier.sent()).hasSize(1);
        assertThat(m.status().state()).isEqualTo(RegistrationState.DISABLED);
    }

    @Test
    void reportsEveryStateChangeToItsListener() {
        carrier.then(ScriptedRegistrar.code(500, "Server Error")).otherwise(ScriptedRegistrar.ok(360));
        started(trunk("a", 360));
        time.advance(Duration.ofMinutes(1));

        assertThat(changes).extracting(RegistrationStatus::state).containsSubsequence(RegistrationState.PENDING,
                RegistrationState.REGISTERING, RegistrationState.FAILED, RegistrationState.REGISTERING,
                RegistrationState.REGISTERED);
    }
}
