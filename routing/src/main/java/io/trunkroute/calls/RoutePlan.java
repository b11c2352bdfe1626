package io.trunkroute.calls;

import java.util.List;

/**
 * What the router decided for a call: the trunks to try in order, or a rejection with the SIP
 * code the PBX gets (a policy block, an invalid number, no trunk with a rate).
 *
 * @param e164 the normalised dialled number
 */
public record RoutePlan(String e164, List<RouteCandidate> candidates, int rejectCode, String rejectReason) {

    public RoutePlan {
        candidates = List.copyOf(candidates);
    }

    public static RoutePlan route(String e164, List<RouteCandidate> candidates) {
        return new RoutePlan(e164, candidates, 0, null);
    }

    public static RoutePlan reject(String e164, int code, String reason) {
        return new RoutePlan(e164, List.of(), code, reason);
    }

    public boolean rejected() {
        return rejectCode != 0;
    }
}
