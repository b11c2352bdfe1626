package io.trunkroute.rules.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.StatelessKieSession;

/**
 * A compiled, immutable rule set (one Drools KieBase) and how to run it on one call's facts.
 * An empty rule set allows every candidate. Thread-safe: each evaluation runs in its own
 * (stateless) session.
 */
public final class Policy {

    private final KieBase kieBase;
    private final StatelessKieSession session;
    private final List<String> files;
    private final String version;
    private final Instant loadedAt;

    Policy(KieBase kieBase, List<String> files, String version) {
        this.kieBase = kieBase;
        this.files = List.copyOf(files);
        this.version = version;
        this.loadedAt = Instant.now();
        if (kieBase == null) {
            this.session = null;
        } else {
            this.session = kieBase.newStatelessKieSession();
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void beforeMatchFired(BeforeMatchFiredEvent event) {
                    RuleContext.enter(event.getMatch().getRule().getName());
                }

                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    RuleContext.exit();
                }
            });
        }
    }

    /** No rules: every candidate allowed, ranking by cost alone. */
    public static Policy empty() {
        return new Policy(null, List.of(), "empty");
    }

    /** Runs the rules over the request and candidates; decisions land on them and on the verdict. */
    public Verdict evaluate(RouteRequest request, List<Candidate> candidates) {
        Verdict verdict = new Verdict();
        if (session == null) {
            return verdict;
        }
        List<Object> facts = new ArrayList<>(candidates.size() + 2);
        facts.add(request);
        facts.add(verdict);
        facts.addAll(candidates);
        session.execute(facts);
        return verdict;
    }

    public List<String> files() {
        return files;
    }

    /** A fingerprint of the rule texts (changes when any file changes). */
    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Names of every rule in the set. */
    public List<String> ruleNames() {
        if (kieBase == null) {
            return List.of();
        }
        return kieBase.getKiePackages().stream().flatMap(p -> p.getRules().stream()).map(r -> r.getName()).sorted()
                .toList();
    }
}
