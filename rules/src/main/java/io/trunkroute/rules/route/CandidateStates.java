package io.trunkroute.rules.route;

import io.trunkroute.trunks.model.Trunk;

/**
 * What the running engine knows about each trunk right now, handed to the policy as facts. The
 * rules module never asks SIP or the cluster itself; the routing module answers these.
 */
public interface CandidateStates {

    /** REGISTERED, FAILED, ... as the registration status says; NOT_REQUIRED for IP trunks. */
    String registration(Trunk trunk);

    /** Free channels, -1 when the trunk has no limit. */
    int channelsFree(Trunk trunk);

    /** Answer-seizure ratio measured for the trunk, or null when not measured. */
    default Double asr(Trunk trunk) {
        return null;
    }

    /** For explain without a running engine: every trunk registered, every channel free. */
    CandidateStates ASSUME_AVAILABLE = new CandidateStates() {
        @Override
        public String registration(Trunk trunk) {
            return trunk.wantsRegistration() ? "REGISTERED" : "NOT_REQUIRED";
        }

        @Override
        public int channelsFree(Trunk trunk) {
            return trunk.channels() == null ? -1 : trunk.channels();
        }
    };
}
