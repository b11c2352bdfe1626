package io.trunkroute.trunks.model;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A customer company of the hosted PBX: whose numbers are normalised how, whose clock
 * time-of-day rules read, and which PBX addresses may send it calls.
 *
 * @param region   ISO 3166-1 alpha-2 default region for dialled numbers (RU: 8 495 ... is +7 495 ...)
 * @param timezone the tenant's local time for time-of-day rules
 * @param pbx      source addresses the tenant's PBX sends INVITEs from; calls from anywhere else
 *                 never reach a trunk
 */
public record Tenant(String id, String name, String region, ZoneId timezone, List<PbxAddress> pbx) {

    /** A PBX signalling source: address and, optionally, port (null = any port). */
    public record PbxAddress(String address, Integer port) {
        public PbxAddress {
            Objects.requireNonNull(address, "address");
        }

        public boolean matches(String sourceAddress, int sourcePort) {
            return address.equals(sourceAddress) && (port == null || port == sourcePort);
        }
    }

    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(timezone, "timezone");
        pbx = List.copyOf(pbx);
    }
}
