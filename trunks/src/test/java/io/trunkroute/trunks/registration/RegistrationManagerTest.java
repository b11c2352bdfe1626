package io.trunkroute.trunks.registration;

import static io.trunkroute.trunks.registration.RegistrationStateMachineTest.trunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Cidr;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RegistrationManagerTest {

    private final VirtualTime time = new VirtualTime();
    private final ScriptedRegistrar carrier = new ScriptedRegistrar(time);
    private final RegistrationManager manager = new RegistrationManager(carrier, RegistrationSettings.DEFAULT,
            t -> "sip:9900@127.0.0.1:5060;line=" + t.id(), time, time, () -> 0.5);

    private void apply(List<Trunk> trunks) {
        manager.apply(trunks);
        time.advance(Duration.ofSeconds(30));
    }

    @Test
    void spreadsStartUpRegistersAtTheConfiguredRate() {
        List<Trunk> hundred = IntStream.range(0, 100).mapToObj(i -> trunk("t" + i, 360)).toList();
        Instant start = time.instant();

        apply(hundred);

        assertThat(carrier.sent()).hasSize(100);
        for (int second = 0; second < 6; second++) {
            Instant from = start.plusSeconds(second);
            long inWindow = carrier.sent().stream().filter(s -> !s.at().isBefore(from)
                    && s.at().isBefore(from.plusSeconds(1))).count();
            assertThat(inWindow).as("REGISTERs in second " + second).isLessThanOrEqualTo(21);
        }
        assertThat(manager.statuses()).extracting(RegistrationStatus::state).containsOnly(RegistrationState.REGISTERED);
    }

    @Test
    void disablingATrunkDeregistersItAndKeepsItsStatus() {
        Trunk a = trunk("a", 360);
        apply(List.of(a));

        apply(List.of(a.withEnabled(false)));

        assertThat(carrier.sent()).extracting(s -> s.attempt().expires()).containsExactly(360, 0);
        assertThat(manager.status("a")).get().extracting(RegistrationStatus::state).isEqualTo(RegistrationState.DISABLED);

        apply(List.of(a));
        assertThat(manager.status("a")).get().extracting(RegistrationStatus::state).isEqualTo(RegistrationState.REGISTERED);
    }

    @Test
    void deletingATrunkDeregistersItAndForgetsIt() {
        apply(List.of(trunk("a", 360), trunk("b", 360)));

        apply(List.of(trunk("b", 360)));

        assertThat(carrier.sent()).filteredOn(s -> s.attempt().trunk().id().equals("a"))
                .extracting(s -> s.attempt().expires()).containsExactly(360, 0);
        assertThat(manager.status("a")).isEmpty();
        assertThat(manager.status("b")).isPresent();
    }

    @Test
    void aChangedAccountDeregistersTheOldBindingBeforeRegisteringTheNewOne() {
        Trunk a = trunk("a", 360);
        apply(List.of(a));
        Trunk moved = new Trunk("a", "acme", "a", "sip2.carrier.test", 5060, TrunkTransport.UDP, null, a.auth(), true,
                360, 30, null, null, List.of(), InviteFormat.E164, List.of(), 10, true);

        apply(List.of(moved));

        assertThat(carrier.sent()).extracting(s -> s.attempt().trunk().server() + "/" + s.attempt().expires())
                .containsExactly("sip.carrier.test/360", "sip.carrier.test/0", "sip2.carrier.test/360");
    }

    @Test
    void aTagChangeDoesNotReRegister() {
        Trunk a = trunk("a", 360);
        apply(List.of(a));
        Trunk retagged = new Trunk("a", "acme", "a", a.server(), 5060, TrunkTransport.UDP, null, a.auth(), true, 360,
                10, null, null, List.of(), InviteFormat.E164, List.of("premium"), 10, true);

        apply(List.of(retagged));

        assertThat(carrier.sent()).hasSize(1);
    }

    @Test
    void anIpAuthenticatedTrunkNeverRegisters() {
        Trunk ip = new Trunk("ip", "acme", "ip", "203.0.113.10", 5060, TrunkTransport.UDP, null,
                new TrunkAuth.Ip(List.of(Cidr.parse("203.0.113.10/32"))), false, 360, null, null, null, List.of(),
                InviteFormat.E164, List.of(), 10, true);

        apply(List.of(ip));
        time.advance(Duration.ofHours(1));

        assertThat(carrier.sent()).isEmpty();
        assertThat(manager.status("ip")).get().extracting(RegistrationStatus::state)
                .isEqualTo(RegistrationState.NOT_REQUIRED);
    }

    @Test
    void closeDeregistersEveryTrunk() {
        apply(List.of(trunk("a", 360), trunk("b", 360)));
        Thread closer = new Thread(manager::close);
        closer.start();
        // close() waits on the scheduler; drive virtual time until it is done.
        while (closer.isAlive()) {
            synchronized (time) {
                time.advance(Duration.ZERO);
            }
            Thread.onSpinWait();
        }
        assertThat(carrier.sent()).filteredOn(s -> s.attempt().expires() == 0).hasSize(2);
    }
}
