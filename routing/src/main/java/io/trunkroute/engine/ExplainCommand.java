package io.trunkroute.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkroute.api.RouteApiRoutes;
import io.trunkroute.calls.TenantDirectory;
import io.trunkroute.rules.config.RoutingRules;
import io.trunkroute.rules.route.CandidateStates;
import io.trunkroute.rules.route.LeastCostRouter;
import io.trunkroute.rules.route.RouteDecision;
import io.trunkroute.trunks.config.TenantConfigLoader;
import io.trunkroute.trunks.config.TrunkConfigLoader;
import io.trunkroute.trunks.model.Trunk;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code trunkroute explain --config DIR --tenant T [--at ISO-instant] NUMBER}: the routing decision
 * for a number from the configuration alone (no running node: every trunk is taken as registered
 * with all channels free, which the output says). Prints the same JSON as {@code /api/v1/route}.
 */
final class ExplainCommand {

    private ExplainCommand() {
    }

    static int run(Path config, String tenant, String number, Instant at, PrintStream out, PrintStream err)
            throws Exception {
        List<Trunk> trunks = new TrunkConfigLoader().load(config.resolve("trunks.yaml"));
        TenantDirectory tenants = new TenantDirectory(new TenantConfigLoader().load(config.resolve("tenants.yaml")));
        RoutingRules rules = new RoutingRules(config);
        rules.load();
        LeastCostRouter router = new LeastCostRouter(rules::snapshot);
        RouteDecision d = router.decide(tenants.get(tenant), "explain", number, at, trunks,
                CandidateStates.ASSUME_AVAILABLE);
        var view = new java.util.LinkedHashMap<String, Object>(RouteApiRoutes.view(tenant, d, at));
        view.put("note", "offline: every trunk taken as registered with all channels free");
        out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(view));
        return d.rejectCode() == 0 ? 0 : 1;
    }
}
