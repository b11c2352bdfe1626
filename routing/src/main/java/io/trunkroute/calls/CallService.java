package io.trunkroute.calls;

import io.trunkroute.sip.client.SipClient;
import io.trunkroute.sip.stack.IncomingRequest;
import io.trunkroute.sip.stack.SipNode;
import io.trunkroute.trunks.model.Tenant;
import io.trunkroute.trunks.model.Trunk;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits new INVITEs and starts calls. The toll-fraud guard comes first: an INVITE from a tenant's
 * PBX address is an outbound call; one from a trunk's carrier (its server's addresses or allowed
 * networks) to one of that trunk's DIDs is an inbound call; anything else gets 403 and nothing
 * leaves the node.
 */
public final class CallService {

    private static final Logger LOG = LoggerFactory.getLogger(CallService.class);

    /** What the admission decided; {@code code} is the response when the call is not admitted. */
    public record Admission(CallRecord.Direction direction, Tenant tenant, int code, String reason) {
        static Admission refuse(int code, String reason) {
            return new Admission(null, null, code, reason);
        }
    }

    private final SipNode node;
    private final SipClient client;
    private final ChannelLedger ledger;
    private final CallRouter router;
    private final NumberNormalizer normalizer;
    private final Supplier<TenantDirectory> tenants;
    private final Supplier<List<Trunk>> trunks;
    private final InboundTrunkMatcher inbound;
    private final CallSettings settings;
    private final CallListener listener;
    private final Clock clock;
    private final Map<String, Call> active = new ConcurrentHashMap<>();

    public CallService(SipNode node, ChannelLedger ledger, CallRouter router, NumberNormalizer normalizer,
                       Supplier<TenantDirectory> tenants, Supplier<List<Trunk>> trunks, InboundTrunkMatcher inbound,
                       CallSettings settings, CallListener listener, Clock clock) {
        this.node = node;
        this.client = new SipClient(node);
        this.ledger = ledger;
        this.router = router;
        this.normalizer = normalizer;
        this.tenants = tenants;
        this.trunks = trunks;
        this.inbound = inbound;
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
    }

    /** Step 1 for every new INVITE: where does it come from? */
    public Admission admit(IncomingRequest invite) {
        Optional<Tenant> tenant = tenants.get().byPbxSource(invite.sourceAddress(), invite.sourcePort());
        if (tenant.isPresent()) {
            return new Admission(CallRecord.Direction.OUTBOUND, tenant.get(), 0, null);
        }
        if (!inbound.candidates(trunks.get(), invite.sourceAddress()).isEmpty()) {
            return new Admission(CallRecord.Direction.INBOUND, null, 0, null);
        }
        LOG.warn("INVITE from {}:{} refused: not a PBX of any tenant nor a carrier of any trunk",
                invite.sourceAddress(), invite.sourcePort());
        listener.onRefused("unknown_source", Response.FORBIDDEN);
        return Admission.refuse(Response.FORBIDDEN, "Forbidden");
    }

    /**
     * Outbound: route and start the call. Returns 0 when the call started (it answers for itself),
     * else the code to reject the INVITE with.
     */
    public int startOutbound(IncomingRequest invite, Tenant tenant) {
        String caller = userOf(((FromHeader) invite.request().getHeader(FromHeader.NAME)).getAddress().getURI());
        String dialled = CallMessages.requestUser(invite.request());
        if (dialled == null) {
            dialled = userOf(((ToHeader) invite.request().getHeader(ToHeader.NAME)).getAddress().getURI());
        }
        long t0 = System.nanoTime();
        RoutePlan plan = router.plan(tenant, caller, dialled == null ? "" : dialled);
        listener.onDecision(java.time.Duration.ofNanos(System.nanoTime() - t0));
        if (plan.rejected()) {
            listener.onRefused(plan.rejectCode() == Response.FORBIDDEN ? "blocked" : "no_route", plan.rejectCode());
            LOG.info("outbound call from {} ({}) to {} rejected: {} {}", invite.sourceAddress(), tenant.id(), dialled,
                    plan.rejectCode(), plan.rejectReason());
            invite.respond(plan.rejectCode(), plan.rejectReason());
            return plan.rejectCode();
        }
        return start(invite, CallRecord.Direction.OUTBOUND, tenant.id(), caller, plan);
    }

    /** Inbound: find the trunk and DID, then call the tenant's PBX. */
    public int startInbound(IncomingRequest invite) {
        Request request = invite.request();
        String ruriUser = CallMessages.requestUser(request);
        String toUser = userOf(((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI());
        String line = request.getRequestURI() instanceof SipURI u ? u.getParameter("line") : null;
        List<Trunk> fromCarrier = new ArrayList<>(inbound.candidates(trunks.get(), invite.sourceAddress()));
        fromCarrier.sort((x, y) -> Boolean.compare(!x.id().equals(line), !y.id().equals(line)));
        for (Trunk trunk : fromCarrier) {
            Tenant tenant = tenants.get().get(trunk.tenant());
            for (String raw : new String[] {ruriUser, toUser}) {
                if (raw == null) {
                    continue;
                }
                Optional<String> did = normalizer.toE164(tenant, raw);
                if (did.isPresent() && (trunk.dids().contains(did.get()) || did.get().equals(trunk.mainNumber()))) {
                    if (tenant.pbx().isEmpty()) {
                        invite.respond(Response.TEMPORARILY_UNAVAILABLE, "No PBX Configured");
                        return Response.TEMPORARILY_UNAVAILABLE;
                    }
                    Tenant.PbxAddress pbx = tenant.pbx().get(0);
                    String caller = userOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI());
                    Target target = new Target(pbx.address(), pbx.port() == null ? 5060 : pbx.port(), "udp", null,
                            null, null);
                    RouteCandidate toPbx = new RouteCandidate(trunk, target, did.get(), caller == null ? "anonymous" : caller,
                            null, null, null, 0, 0, null);
                    return start(invite, CallRecord.Direction.INBOUND, tenant.id(), caller, RoutePlan.route(did.get(),
                            List.of(toPbx)));
                }
            }
        }
        LOG.info("inbound INVITE from {} for {} / {}: no trunk of that carrier has this DID", invite.sourceAddress(),
                ruriUser, toUser);
        invite.respond(Response.NOT_FOUND, "Unknown DID");
        listener.onRefused("unknown_did", Response.NOT_FOUND);
        return Response.NOT_FOUND;
    }

    private int start(IncomingRequest invite, CallRecord.Direction direction, String tenant, String caller,
                      RoutePlan plan) {
        String id = ((javax.sip.header.CallIdHeader) invite.request().getHeader(javax.sip.header.CallIdHeader.NAME))
                .getCallId();
        ServerLeg a;
        try {
            a = new ServerLeg(node, invite);
        } catch (javax.sip.SipException e) {
            LOG.warn("cannot create the caller's dialog: {}", e.getMessage());
            invite.respond(Response.SERVER_INTERNAL_ERROR, null);
            return Response.SERVER_INTERNAL_ERROR;
        }
        Call call = new Call(id, direction, tenant, caller, plan, a, node, client, ledger, settings, listener, clock,
                () -> active.remove(id));
        active.put(id, call);
        call.start();
        return 0;
    }

    private static String userOf(javax.sip.address.URI uri) {
        if (uri instanceof SipURI s) {
            return s.getUser();
        }
        String text = uri.toString();
        return text.startsWith("tel:") ? text.substring(4) : null;
    }

    public int activeCalls() {
        return active.size();
    }

    public Collection<String> activeCallIds() {
        return List.copyOf(active.keySet());
    }

    /** Hangs up every call (BYE both legs of answered ones); used at shutdown. */
    public void hangUpAll(String reason) {
        for (Call c : List.copyOf(active.values())) {
            c.hangUp(reason);
        }
    }

    public void refreshCarrierAddresses() {
        inbound.refresh(trunks.get());
    }
}
