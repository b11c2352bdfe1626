package io.trunkroute.rules.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * A compiled, immutable rule set (one Drools KieBase) and how to run it on one call's facts.
 * An empty rule set allows every candidate. Thread-safe: an evaluation borrows a session from a
 * small pool, inserts the call's facts, fires, and deletes them again — creating a Drools session
 * per call would cost more than the rules themselves.
 */
public final class Policy {

    private static final int POOL = 64;

    private final KieBase kieBase;
    private final BlockingQueue<KieSession> sessions = new ArrayBlockingQueue<>(POOL);
    private final DefaultAgendaEventListener ruleNames = new DefaultAgendaEventListener() {
        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            RuleContext.enter(event.getMatch().getRule().getName());
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            RuleContext.exit();
        }
    };
    private final List<String> files;
    private final String version;
    private final Instant loadedAt;

    Policy(KieBase kieBase, List<String> files, String version) {
        this.kieBase = kieBase;
        this.files = List.copyOf(files);
        this.version = version;
        this.loadedAt = Instant.now();
    }

    /** No rules: every candidate allowed, ranking by cost alone. */
    public static Policy empty() {
        return new Policy(null, List.of(), "empty");
    }

    /** Runs the rules over the request and candidates; decisions land on them and on the verdict. */
    public Verdict evaluate(RouteRequest request, List<Candidate> candidates) {
        Verdict verdict = new Verdict();
        if (kieBase == null) {
            return verdict;
        }
        KieSession session = sessions.poll();
        if (session == null) {
            session = kieBase.newKieSession();
            session.addEventListener(ruleNames);
        }
        List<FactHandle> handles = new ArrayList<>(candidates.size() + 2);
        boolean clean = false;
        try {
            handles.add(session.insert(request));
            handles.add(session.insert(verdict));
            for (Candidate c : candidates) {
                handles.add(session.insert(c));
            }
            session.fireAllRules();
            for (FactHandle h : handles) {
                session.delete(h);
            }
            clean = session.getFactCount() == 0;
        } finally {
            if (clean && sessions.offer(session)) {
                session = null;
            }
            if (session != null) {
                session.dispose(); // not reusable (a rule inserted facts of its own, or it failed)
            }
        }
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
