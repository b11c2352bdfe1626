package io.trunkroute.calls;

import io.trunkroute.rules.route.CandidateStates;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.registration.RegistrationManager;
import io.trunkroute.trunks.registration.RegistrationStatus;
import java.util.function.Supplier;

/**
 * The running node's facts for the policy: registration state and free channels per trunk. Calls
 * take the free channels from {@link ChannelLedger#inUseForRouting} (a moment old at most, no
 * cluster read per call); the explain API, which a person reads, from {@link ChannelLedger#inUse}.
 */
public final class EngineCandidateStates implements CandidateStates {

    private final Supplier<RegistrationManager> registrations;
    private final Supplier<ChannelLedger> ledger;
    private final boolean forCalls;

    private EngineCandidateStates(Supplier<RegistrationManager> registrations, Supplier<ChannelLedger> ledger,
                                  boolean forCalls) {
        this.registrations = registrations;
        this.ledger = ledger;
        this.forCalls = forCalls;
    }

    /** For the call path: channel counts as the ledger last saw them. */
    public static EngineCandidateStates forCalls(Supplier<RegistrationManager> registrations,
                                                 Supplier<ChannelLedger> ledger) {
        return new EngineCandidateStates(registrations, ledger, true);
    }

    /** For the explain API: channel counts read now. */
    public static EngineCandidateStates current(Supplier<RegistrationManager> registrations,
                                                Supplier<ChannelLedger> ledger) {
        return new EngineCandidateStates(registrations, ledger, false);
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
        if (l == null) {
            return trunk.channels();
        }
        int inUse = forCalls ? l.inUseForRouting(trunk.id()) : l.inUse(trunk.id());
        return Math.max(0, trunk.channels() - inUse);
    }
}
