package io.trunkroute.calls;

import io.trunkroute.trunks.model.Tenant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tenants by id and by PBX source address: the toll-fraud guard asks "which tenant's PBX is this
 * INVITE from?" and anything that is none of them never reaches a trunk.
 */
public final class TenantDirectory {

    private final Map<String, Tenant> byId;

    public TenantDirectory(List<Tenant> tenants) {
        this.byId = tenants.stream().collect(Collectors.toUnmodifiableMap(Tenant::id, Function.identity()));
    }

    /** The tenant, or the default for a tenant named only by its trunks (RU, UTC, no PBX). */
    public Tenant get(String id) {
        Tenant t = byId.get(id);
        return t != null ? t : new Tenant(id, id, "RU", ZoneId.of("UTC"), List.of());
    }

    /** The tenant whose PBX uses this source address and port, if any. */
    public Optional<Tenant> byPbxSource(String address, int port) {
        return byId.values().stream().filter(t -> t.pbx().stream().anyMatch(p -> p.matches(address, port))).findFirst();
    }

    public List<Tenant> all() {
        return List.copyOf(byId.values());
    }
}
