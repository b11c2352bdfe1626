package io.trunkroute.calls;

import io.trunkroute.rules.route.CandidateStates;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.registration.RegistrationManager;
import io.trunkroute.trunks.registration.RegistrationStatus;
import java.util.function.Supplier;

/** The running node's facts for the policy: registration state and free channels per trunk. */
public final class EngineCandidateStates implements CandidateStates {

    private final Supplier<RegistrationManager> registrations;
    private final Supplier<ChannelLedger> ledger;

    public EngineCandidateStates(Supplier<RegistrationManager> registrations, Supplier<ChannelLedger> ledger) {
        this.registrations = registrations;
        this.ledger = ledger;
    }

    @Override
    public String registration(Trunk trunk) {
        RegistrationManager m = registrations.get();
        if (m == null) {
            return trunk.wantsRegistration() ? "PENDING" : "NOT_REQUIRED";
        }
        return m.status(trunk.id()).map(RegistrationStatus::state).map(Enum::name)
                .orElse(trunk.wantsRegistration() ? "PENDING" : "NOT_REQUIRED");
    }

    @Override
    public int channelsFree(Trunk trunk) {
        if (trunk.channels() == null) {
            return -1;
        }
        ChannelLedger l = ledger.get();
        return l == null ? trunk.channels() : Math.max(0, trunk.channels() - l.inUse(trunk.id()));
    }
}
