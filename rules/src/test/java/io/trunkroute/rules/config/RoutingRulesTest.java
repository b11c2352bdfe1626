package io.trunkroute.rules.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingRulesTest {

    @TempDir
    Path config;

    private void write(String name, String text) throws Exception {
        Path p = config.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void goodConfig() throws Exception {
        write("decks.yaml", """
                decks:
                  - id: mcn
                    file: decks/mcn.csv
                    currency: RUB
                    trunks: [mcn-main, mcn-backup]
                """);
        write("decks/mcn.csv", "prefix,destination,rate\n7495,Moscow,0.45\n");
        write("rules/ok.drl", """
                package trunkroute.policy;
                import io.trunkroute.rules.policy.*;
                rule "nothing"
                when
                    Candidate( rate > 100 )
                then
                end
                """);
    }

    @Test
    void loadsDecksForTheirTrunksAndTheRules() throws Exception {
        goodConfig();
        RoutingRules rules = new RoutingRules(config);

        RoutingSnapshot s = rules.load();

        assertThat(s.decks().forTrunk("mcn-backup")).isSameAs(s.decks().forTrunk("mcn-main"));
        assertThat(s.decks().forTrunk("mcn-main").match("74951234567", LocalDate.now()).destination()).isEqualTo("Moscow");
        assertThat(s.policy().ruleNames()).containsExactly("nothing");
    }

    @Test
    void aBrokenRuleFileIsRefusedWithItsLineAndTheOldRulesStayLive() throws Exception {
        goodConfig();
        RoutingRules rules = new RoutingRules(config);
        RoutingSnapshot before = rules.load();
        write("rules/bad.drl", "package trunkroute.policy;\nrule \"oops\"\nwhen\n    Nope( )\nthen\nend\n");

        RoutingRules.ReloadResult r = rules.reload();

        assertThat(r.applied()).isFalse();
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith("rules/bad.drl:4:"));
        assertThat(rules.snapshot()).isSameAs(before);
    }

    @Test
    void aDeckWithABadRowIsRefusedWithItsLineAndTheOldDeckStaysLive() throws Exception {
        goodConfig();
        RoutingRules rules = new RoutingRules(config);
        RoutingSnapshot before = rules.load();
        write("decks/mcn.csv", "prefix,destination,rate\n7495,Moscow,0.40\n7812,Saint Petersburg,zero\n");

        RoutingRules.ReloadResult r = rules.reloadIfChanged().orElseThrow();

        assertThat(r.applied()).isFalse();
        assertThat(r.problems()).containsExactly("decks/mcn.csv:3: rate must be a decimal number like 1.25, was 'zero'");
        assertThat(rules.snapshot()).isSameAs(before);
        assertThat(rules.reloadIfChanged()).as("the same broken file is not retried every poll").isEmpty();

        write("decks/mcn.csv", "prefix,destination,rate\n7495,Moscow,0.40\n");
        assertThat(rules.reloadIfChanged().orElseThrow().applied()).isTrue();
        assertThat(rules.snapshot().decks().forTrunk("mcn-main").match("74951234567", LocalDate.now()).tariff()
                .ratePerMinute()).isEqualByComparingTo("0.40");
    }

    @Test
    void aTrunkPricedByTwoDecksIsAnError() throws Exception {
        goodConfig();
        write("decks.yaml", """
                decks:
                  - { id: a, file: decks/mcn.csv, currency: RUB, trunks: [mcn-main] }
                  - { id: b, file: decks/mcn.csv, currency: rub, trunks: [mcn-main] }
                """);

        assertThatThrownBy(() -> new RoutingRules(config).load()).isInstanceOfSatisfying(RulesConfigException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                        .contains("deck 'b': trunk 'mcn-main' is already priced by deck 'a'")));
    }
}
