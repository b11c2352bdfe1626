package io.trunkroute.rules.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate decks and policy in service, swapped atomically: a reload builds and tests a complete
 * new {@link RoutingSnapshot} off to the side, and only a good one replaces the current reference.
 * Calls in flight keep the snapshot they started with.
 */
public final class RoutingRules {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingRules.class);

    /** Outcome of a reload: applied, or refused with every problem (the old rules stay live). */
    public record ReloadResult(boolean applied, List<String> problems, int decks, int rules) {
    }

    private final RoutingRulesLoader loader;
    private final AtomicReference<RoutingSnapshot> current = new AtomicReference<>();
    private volatile long loadedStamp;

    public RoutingRules(Path configDir) {
        this.loader = new RoutingRulesLoader(configDir);
    }

    /** First load; the engine refuses to start when it throws. */
    public RoutingSnapshot load() throws RulesConfigException {
        long stamp = stamp();
        RoutingSnapshot s = loader.load();
        current.set(s);
        loadedStamp = stamp;
        return s;
    }

    public RoutingSnapshot snapshot() {
        RoutingSnapshot s = current.get();
        return s != null ? s : RoutingSnapshot.empty();
    }

    public synchronized ReloadResult reload() {
        long stamp = stamp();
        try {
            RoutingSnapshot s = loader.load();
            current.set(s);
            loadedStamp = stamp;
            LOG.info("routing rules reloaded: {} deck(s), {} rule(s), policy {}", s.decks().decks().size(),
                    s.policy().ruleNames().size(), s.policy().version());
            return new ReloadResult(true, List.of(), s.decks().decks().size(), s.policy().ruleNames().size());
        } catch (RulesConfigException e) {
            loadedStamp = stamp; // do not retry the same broken files every poll
            LOG.error("routing rules NOT reloaded, the rules in service stay: {}", e.getMessage());
            RoutingSnapshot s = snapshot();
            return new ReloadResult(false, e.problems(), s.decks().decks().size(), s.policy().ruleNames().size());
        }
    }

    /** Reloads when decks.yaml, a deck file or a rule file changed since the last load. */
    public synchronized Optional<ReloadResult> reloadIfChanged() {
        long stamp = stamp();
        return stamp != loadedStamp ? Optional.of(reload()) : Optional.empty();
    }

    /** A fingerprint of names, sizes and modification times of every file the rules come from. */
    private long stamp() {
        long h = 17;
        h = 31 * h + fileStamp(loader.decksFile());
        for (Path dir : List.of(loader.rulesDir(), loader.decksFile().resolveSibling("decks"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path p : files.sorted().toList()) {
                        h = 31 * h + p.getFileName().toString().hashCode();
                        h = 31 * h + fileStamp(p);
                    }
                } catch (IOException e) {
                    h = 31 * h + 1;
                }
            }
        }
        return h;
    }

    private static long fileStamp(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis() * 31 + Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
