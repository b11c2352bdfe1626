package io.trunkroute.calls;

import io.trunkroute.trunks.model.Cidr;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which trunks an INVITE from a given source address may have come from: a trunk's carrier is its
 * server's resolved addresses, plus the networks an IP-authenticated trunk allows. Resolution is
 * cached per server name (refreshed by {@link #refresh}) so no DNS lookup sits on the call path.
 */
public final class InboundTrunkMatcher {

    private final Map<String, List<InetAddress>> resolved = new ConcurrentHashMap<>();

    /** Resolves every trunk's server; unresolvable names match nothing until they resolve. */
    public void refresh(List<Trunk> trunks) {
        for (Trunk t : trunks) {
            try {
                resolved.put(t.server(), List.of(InetAddress.getAllByName(t.server())));
            } catch (UnknownHostException e) {
                resolved.put(t.server(), List.of());
            }
        }
    }

    /** Enabled trunks whose carrier may send from {@code source}. */
    public List<Trunk> candidates(List<Trunk> trunks, String source) {
        InetAddress addr;
        try {
            addr = InetAddress.getByName(source);
        } catch (UnknownHostException e) {
            return List.of();
        }
        List<Trunk> out = new ArrayList<>();
        for (Trunk t : trunks) {
            if (!t.enabled()) {
                continue;
            }
            boolean match = resolved.getOrDefault(t.server(), List.of()).contains(addr);
            if (!match && t.auth() instanceof TrunkAuth.Ip ip) {
                for (Cidr c : ip.allow()) {
                    if (c.contains(addr)) {
                        match = true;
                        break;
                    }
                }
            }
            if (match) {
                out.add(t);
            }
        }
        return out;
    }
}
