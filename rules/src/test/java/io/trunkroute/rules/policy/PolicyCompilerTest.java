package io.trunkroute.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {

    private static final String HEADER = """
            package trunkroute.policy;
            import io.trunkroute.rules.policy.*;
            """;

    private static Candidate candidate(String trunk, String rate) {
        BigDecimal r = new BigDecimal(rate);
        return new Candidate(trunk, "acme", Set.of(), "7", "Russia", r, r, r.multiply(BigDecimal.valueOf(5)),
                "REGISTERED", -1, 100, null);
    }

    @Test
    void reportsACompileErrorWithFileAndLine() {
        String broken = HEADER + """
                rule "broken"
                when
                    $c : Candidate( rate >> 5 )
                then
                    $c.exclude("x");
                end
                """;

        assertThatThrownBy(() -> PolicyCompiler.compile(List.of(new RuleFile("broken.drl", broken))))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).isNotEmpty()
                        .allSatisfy(p -> assertThat(p.file()).isEqualTo("broken.drl"))
                        .anySatisfy(p -> assertThat(p.line()).isEqualTo(5)));
    }

    @Test
    void reportsAnUnknownFactTypeWithItsLine() {
        String broken = HEADER + """
                rule "typo"
                when
                    $c : Candidat( )
                then
                end
                """;

        assertThatThrownBy(() -> PolicyCompiler.compile(List.of(new RuleFile("typo.drl", broken))))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p.toString()).startsWith("typo.drl:5:")));
    }

    @Test
    void rejectsARuleSetWhoseOwnTestCaseFails() {
        String wrong = HEADER + """
                rule "exclude everything"
                when
                    $c : Candidate( )
                then
                    $c.exclude("because");
                end
                /*-- tests
                - name: the cheap trunk is used
                  tenant: acme
                  number: "+74951234567"
                  candidates:
                    - { trunk: cheap, rate: 0.1 }
                  expect:
                    ranking: [cheap]
                --*/
                """;

        assertThatThrownBy(() -> PolicyCompiler.compile(List.of(new RuleFile("wrong.drl", wrong))))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.toString()).isEqualTo(
                                "wrong.drl:9: test 'the cheap trunk is used' failed: expected ranking [cheap], got []")));
    }

    @Test
    void recordsWhichRuleDidWhatForExplain() throws Exception {
        Policy p = PolicyCompiler.compile(List.of(new RuleFile("p.drl", HEADER + """
                rule "penalise dear trunks"
                when
                    $c : Candidate( rate > 1 )
                then
                    $c.penalize(0.5);
                end
                rule "bar satellite"
                when
                    RouteRequest( number str[startsWith] "+881" )
                    $v : Verdict()
                then
                    $v.block(403, "satellite");
                end
                """)));
        Candidate dear = candidate("dear", "1.50");
        Candidate cheap = candidate("cheap", "0.40");

        Verdict v = p.evaluate(new RouteRequest("acme", "201", "+88161234567", LocalDateTime.now()), List.of(dear, cheap));

        assertThat(dear.getFiredRules()).containsExactly("penalise dear trunks: +0.5");
        assertThat(dear.getEffectiveCost()).isEqualByComparingTo("2.00");
        assertThat(cheap.getFiredRules()).isEmpty();
        assertThat(v.isBlocked()).isTrue();
        assertThat(v.getBlockedBy()).isEqualTo("bar satellite");
    }

    @Test
    void aRuleCanPresentAnotherCallerIdOnATrunk() throws Exception {
        Policy p = PolicyCompiler.compile(List.of(new RuleFile("cid.drl", HEADER + """
                rule "St Petersburg number for calls to St Petersburg"
                when
                    RouteRequest( number str[startsWith] "+7812" )
                    $c : Candidate( )
                then
                    $c.presentCallerId("+78123093535");
                end
                """)));
        Candidate c = candidate("any", "0.40");

        p.evaluate(new RouteRequest("acme", "201", "+78121234567", LocalDateTime.now()), List.of(c));

        assertThat(c.getCallerId()).isEqualTo("+78123093535");
        assertThat(c.getFiredRules()).containsExactly("St Petersburg number for calls to St Petersburg: caller ID +78123093535");
    }

    @Test
    void anEmptyRuleSetAllowsEverythingRankedByCostThenPriority() throws Exception {
        Policy p = PolicyCompiler.compile(List.of());
        BigDecimal r = new BigDecimal("0.40");
        Candidate a = new Candidate("a", "acme", Set.of(), "7", "", r, r, r, "REGISTERED", -1, 20, null);
        Candidate b = new Candidate("b", "acme", Set.of(), "7", "", r, r, r, "REGISTERED", -1, 10, null);
        Candidate c = candidate("c", "0.30");

        p.evaluate(new RouteRequest("acme", "201", "+74951234567", LocalDateTime.now()), List.of(a, b, c));

        assertThat(Ranking.rank(List.of(a, b, c))).extracting(Candidate::getTrunk).containsExactly("c", "b", "a");
    }
}
