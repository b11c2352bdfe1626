package io.trunkroute.rules.config;

import io.trunkroute.rules.deck.DeckCsvReader;
import io.trunkroute.rules.deck.DeckImportException;
import io.trunkroute.rules.deck.DeckProblem;
import io.trunkroute.rules.deck.RateDeck;
import io.trunkroute.rules.policy.Policy;
import io.trunkroute.rules.policy.PolicyCompiler;
import io.trunkroute.rules.policy.PolicyException;
import io.trunkroute.rules.policy.RuleFile;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Builds a {@link RoutingSnapshot} from a config directory, all or nothing:
 * <pre>
 * decks.yaml           which CSV deck prices which trunks
 *   decks:
 *     - id: mcn                    # unique
 *       file: decks/mcn.csv        # relative to the config directory
 *       currency: RUB              # ISO 4217
 *       trunks: [mcn-main]         # a trunk is priced by at most one deck
 *       skip_bad_rows: false       # true: load the good rows, report the bad ones
 * decks/*.csv          rate decks (rules/README.md)
 * rules/*.drl          Drools policy, compiled together, with their test cases
 * </pre>
 */
public final class RoutingRulesLoader {

    private final Path configDir;

    public RoutingRulesLoader(Path configDir) {
        this.configDir = configDir;
    }

    public Path decksFile() {
        return configDir.resolve("decks.yaml");
    }

    public Path rulesDir() {
        return configDir.resolve("rules");
    }

    public RoutingSnapshot load() throws RulesConfigException {
        List<String> problems = new ArrayList<>();
        DeckSet decks = DeckSet.EMPTY;
        try {
            decks = loadDecks();
        } catch (RulesConfigException e) {
            problems.addAll(e.problems());
        }
        Policy policy = Policy.empty();
        try {
            policy = PolicyCompiler.compile(ruleFiles());
        } catch (PolicyException e) {
            e.problems().stream().map(p -> "rules/" + p).forEach(problems::add);
        } catch (IOException e) {
            problems.add(rulesDir() + ": cannot read: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new RulesConfigException(problems);
        }
        return new RoutingSnapshot(decks, policy, Instant.now());
    }

    List<RuleFile> ruleFiles() throws IOException {
        if (!Files.isDirectory(rulesDir())) {
            return List.of();
        }
        List<RuleFile> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(rulesDir())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".drl")).sorted().toList()) {
                files.add(new RuleFile(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        return files;
    }

    @SuppressWarnings("unchecked")
    DeckSet loadDecks() throws RulesConfigException {
        Path file = decksFile();
        if (!Files.exists(file)) {
            return DeckSet.EMPTY;
        }
        Object root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException | YAMLException e) {
            throw new RulesConfigException(List.of(file + ": " + e.getMessage()));
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("decks") instanceof List<?> entries)) {
            throw new RulesConfigException(List.of(file + ": must be a mapping with a 'decks:' list"));
        }
        List<String> problems = new ArrayList<>();
        Map<String, RateDeck> byTrunk = new HashMap<>();
        Map<String, String> trunkDeck = new HashMap<>();
        List<RateDeck> decks = new ArrayList<>();
        int index = 0;
        for (Object o : entries) {
            index++;
            if (!(o instanceof Map<?, ?> m)) {
                problems.add(file + ": deck #" + index + " must be a mapping");
                continue;
            }
            Map<String, Object> d = (Map<String, Object>) m;
            String id = d.get("id") == null ? null : String.valueOf(d.get("id"));
            String ctx = file + ": deck " + (id == null ? "#" + index : "'" + id + "'");
            List<String> unknown = d.keySet().stream()
                    .filter(k -> !List.of("id", "file", "currency", "trunks", "skip_bad_rows").contains(k)).toList();
            if (!unknown.isEmpty()) {
                problems.add(ctx + ": unknown field(s) " + unknown);
            }
            if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                problems.add(ctx + ": field 'id' must be lower-case letters, digits and '-'");
                continue;
            }
            String csv = d.get("file") == null ? null : String.valueOf(d.get("file"));
            String currency = String.valueOf(d.getOrDefault("currency", "")).toUpperCase(Locale.ROOT);
            if (!currency.matches("[A-Z]{3}")) {
                problems.add(ctx + ": field 'currency' must be an ISO 4217 code like RUB");
            }
            List<String> trunks = d.get("trunks") instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : List.of();
            if (trunks.isEmpty()) {
                problems.add(ctx + ": field 'trunks' must list the trunks this deck prices");
            }
            for (String t : trunks) {
                String other = trunkDeck.putIfAbsent(t, id);
                if (other != null) {
                    problems.add(ctx + ": trunk '" + t + "' is already priced by deck '" + other + "'");
                }
            }
            if (csv == null) {
                problems.add(ctx + ": field 'file' is required");
                continue;
            }
            Path csvPath = configDir.resolve(csv).normalize();
            boolean skip = Boolean.TRUE.equals(d.get("skip_bad_rows"));
            try (Reader r = Files.newBufferedReader(csvPath, StandardCharsets.UTF_8)) {
                DeckCsvReader.Result result = DeckCsvReader.read(id, currency, csv, r, skip);
                decks.add(result.deck());
                trunks.forEach(t -> byTrunk.put(t, result.deck()));
            } catch (DeckImportException e) {
                e.problems().stream().map(DeckProblem::toString).forEach(problems::add);
                if (e.badRows() > e.problems().size()) {
                    problems.add(csv + ": ... and " + (e.badRows() - e.problems().size()) + " more bad row(s)");
                }
            } catch (IOException e) {
                problems.add(ctx + ": cannot read " + csvPath + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new RulesConfigException(problems);
        }
        return new DeckSet(byTrunk, decks);
    }
}
