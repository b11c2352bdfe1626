package io.trunkroute.calls;

import io.trunkroute.trunks.model.Tenant;

/** Decides where an outbound call goes: normalise, rank trunks, apply policy. */
@FunctionalInterface
public interface CallRouter {

    /**
     * @param caller  the PBX's From user part (extension or number)
     * @param dialled the Request-URI user part as the PBX sent it
     */
    RoutePlan plan(Tenant tenant, String caller, String dialled);
}
