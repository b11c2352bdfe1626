package io.trunkroute.rules.policy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Test cases a rule file carries in a comment block, run on every load (a failing case rejects
 * the new rules) and by {@code mvn test}:
 * <pre>
 * /*-- tests
 * - name: premium numbers are barred
 *   tenant: acme
 *   number: "+78091234567"
 *   time: 2026-11-24T12:00          # tenant-local; default Tuesday 2026-11-24 12:00
 *   candidates:
 *     - { trunk: mcn, rate: 0.50, tags: [ru-mobile], registration: REGISTERED, channels_free: 5, priority: 10 }
 *   expect:
 *     blocked: 403                  # and/or
 *     ranking: [mcn]                # the allowed trunks, in order
 *     excluded: [other]             # trunks the rules excluded
 * --*{@literal /}
 * </pre>
 */
public final class RuleTestCases {

    private static final Pattern BLOCK = Pattern.compile("/\\*--\\s*tests\\s*\\n(.*?)--\\*/", Pattern.DOTALL);

    private RuleTestCases() {
    }

    /** Runs the file's cases against {@code policy}; an empty list means they all passed. */
    public static List<RuleProblem> run(RuleFile file, Policy policy) {
        Matcher m = BLOCK.matcher(file.text());
        List<RuleProblem> problems = new ArrayList<>();
        while (m.find()) {
            int line = 1 + (int) file.text().substring(0, m.start()).chars().filter(c -> c == '\n').count();
            Object parsed;
            try {
                parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(m.group(1));
            } catch (RuntimeException e) {
                problems.add(new RuleProblem(file.name(), line, "test block is not valid YAML: " + e.getMessage()));
                continue;
            }
            if (!(parsed instanceof List<?> cases)) {
                problems.add(new RuleProblem(file.name(), line, "test block must be a YAML list of cases"));
                continue;
            }
            for (Object c : cases) {
                try {
                    String failure = runCase(asMap(c), policy);
                    if (failure != null) {
                        problems.add(new RuleProblem(file.name(), line, "test '" + asMap(c).get("name") + "' failed: "
                                + failure));
                    }
                } catch (RuntimeException e) {
                    problems.add(new RuleProblem(file.name(), line, "test case " + c + " is malformed: " + e.getMessage()));
                }
            }
        }
        return problems;
    }

    /** Counts the cases a file carries (a shipped rule file must carry some). */
    public static int count(RuleFile file) {
        Matcher m = BLOCK.matcher(file.text());
        int n = 0;
        while (m.find()) {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(m.group(1));
            n += parsed instanceof List<?> l ? l.size() : 0;
        }
        return n;
    }

    private static String runCase(Map<String, Object> c, Policy policy) {
        String time = String.valueOf(c.getOrDefault("time", "2026-11-24T12:00"));
        RouteRequest request = new RouteRequest(String.valueOf(c.get("tenant")), "test-case",
                String.valueOf(c.get("number")), LocalDateTime.parse(time));
        List<Candidate> candidates = new ArrayList<>();
        for (Object o : (Collection<?>) c.getOrDefault("candidates", List.of())) {
            Map<String, Object> f = asMap(o);
            BigDecimal rate = new BigDecimal(String.valueOf(f.get("rate")));
            candidates.add(new Candidate(String.valueOf(f.get("trunk")), request.tenant(),
                    new HashSet<>(strings(f.get("tags"))), String.valueOf(f.getOrDefault("prefix", "")),
                    String.valueOf(f.getOrDefault("destination", "")), rate, rate, rate.multiply(BigDecimal.valueOf(5)),
                    String.valueOf(f.getOrDefault("registration", "REGISTERED")),
                    ((Number) f.getOrDefault("channels_free", -1)).intValue(),
                    ((Number) f.getOrDefault("priority", 100)).intValue(), null));
        }
        Verdict verdict = policy.evaluate(request, candidates);
        Map<String, Object> expect = asMap(c.get("expect"));
        List<String> failures = new ArrayList<>();
        if (expect.containsKey("blocked")) {
            int code = ((Number) expect.get("blocked")).intValue();
            if (verdict.getBlockCode() != code) {
                failures.add("expected blocked " + code + ", got " + (verdict.isBlocked()
                        ? verdict.getBlockCode() : "not blocked"));
            }
        } else if (verdict.isBlocked()) {
            failures.add("expected not blocked, got " + verdict.getBlockCode() + " by " + verdict.getBlockedBy());
        }
        if (expect.containsKey("ranking")) {
            List<String> want = strings(expect.get("ranking"));
            List<String> got = Ranking.rank(candidates).stream().map(Candidate::getTrunk).toList();
            if (!want.equals(got)) {
                failures.add("expected ranking " + want + ", got " + got);
            }
        }
        if (expect.containsKey("excluded")) {
            List<String> want = strings(expect.get("excluded"));
            List<String> got = candidates.stream().filter(Candidate::isExcluded).map(Candidate::getTrunk).toList();
            if (!new HashSet<>(want).equals(new HashSet<>(got))) {
                failures.add("expected excluded " + want + ", got " + got);
            }
        }
        return failures.isEmpty() ? null : String.join("; ", failures);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("expected a mapping, got " + o);
        }
        return (Map<String, Object>) m;
    }

    private static List<String> strings(Object o) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(o));
    }
}
