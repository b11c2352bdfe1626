package io.trunkroute.calls;

import io.trunkroute.trunks.model.Tenant;
import java.util.Optional;

/** Turns what a PBX or carrier put in a URI into E.164 for the tenant's region; empty when invalid. */
@FunctionalInterface
public interface NumberNormalizer {
    Optional<String> toE164(Tenant tenant, String raw);
}
