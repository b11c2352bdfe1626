package io.trunkroute.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule files shipped in config/rules compile together and pass the test cases each carries:
 * the same check the engine runs on every load.
 */
class ShippedRulesTest {

    static List<RuleFile> shipped() throws IOException {
        Path dir = Path.of("..", "config", "rules");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".drl")).sorted()
                    .map(f -> new RuleFile(f.getFileName().toString(), read(f))).toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void compileAndPassTheirOwnTestCases() throws Exception {
        List<RuleFile> files = shipped();
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);

        Policy policy = PolicyCompiler.compile(files);

        assertThat(policy.ruleNames()).contains("block premium and satellite destinations",
                "skip trunks that are not registered", "skip trunks with no free channel",
                "acme prefers quality trunks in business hours", "acme pays at most 5.00 per minute");
    }

    @Test
    void everyShippedFileCarriesTestCases() throws Exception {
        for (RuleFile f : shipped()) {
            assertThat(RuleTestCases.count(f)).as(f.name()).isGreaterThanOrEqualTo(2);
        }
    }
}
