package io.trunkroute.trunks.registry;

import io.trunkroute.trunks.config.TrunkConfigException;
import io.trunkroute.trunks.config.TrunkConfigLoader;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.registration.RegistrationManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's current trunks: trunks.yaml plus API enable/disable overrides. Changes are atomic
 * (a new immutable list replaces the old) and go to the {@link RegistrationManager} as a whole; a
 * file that fails validation never replaces the trunks in service.
 */
public final class TrunkRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistry.class);

    /** Result of a reload: applied, or rejected with the problems (the old trunks stay). */
    public record ReloadResult(boolean applied, int trunks, List<String> problems) {
    }

    private final Path file;
    private final TrunkConfigLoader loader;
    private final EnabledOverrides overrides;
    private final RegistrationManager registrations;
    private final List<Consumer<List<Trunk>>> listeners = new CopyOnWriteArrayList<>();

    private volatile List<Trunk> fromFile = List.of();
    private volatile List<Trunk> effective = List.of();
    private volatile Map<String, Trunk> byId = Map.of();
    private volatile FileTime loadedModified;

    public TrunkRegistry(Path file, TrunkConfigLoader loader, EnabledOverrides overrides,
                         RegistrationManager registrations) {
        this.file = file;
        this.loader = loader;
        this.overrides = overrides;
        this.registrations = registrations;
    }

    /** Validates and loads the file for the first time; the caller refuses to start on failure. */
    public synchronized List<Trunk> load() throws TrunkConfigException {
        FileTime modified = modified();
        List<Trunk> trunks = loader.load(file);
        install(trunks, modified);
        return effective;
    }

    /** Uses trunks already validated by the caller (start-up validates before Camel starts). */
    public synchronized void install(List<Trunk> trunks) {
        install(trunks, modified());
    }

    private void install(List<Trunk> trunks, FileTime modified) {
        fromFile = List.copyOf(trunks);
        loadedModified = modified;
        publish();
    }

    /** Re-reads the file; on any problem keeps the trunks in service and says why. */
    public synchronized ReloadResult reload() {
        FileTime modified = modified();
        try {
            List<Trunk> trunks = loader.load(file);
            install(trunks, modified);
            LOG.info("trunks reloaded from {}: {} trunk(s)", file, trunks.size());
            return new ReloadResult(true, trunks.size(), List.of());
        } catch (TrunkConfigException e) {
            loadedModified = modified; // do not retry the same broken file every poll
            LOG.error("trunks NOT reloaded, the trunks in service stay: {}", e.getMessage());
            return new ReloadResult(false, effective.size(), e.problems());
        }
    }

    /** Reloads when the file changed since it was last read (polled by the engine). */
    public synchronized Optional<ReloadResult> reloadIfChanged() {
        FileTime modified = modified();
        if (modified != null && !modified.equals(loadedModified)) {
            return Optional.of(reload());
        }
        return Optional.empty();
    }

    /**
     * Enables or disables a trunk through the API; persisted until trunks.yaml changes that trunk's
     * {@code enabled:}. Completes when a disabled trunk's de-registration is answered.
     */
    public synchronized Optional<CompletableFuture<Void>> setEnabled(String id, boolean enabled) {
        Trunk inFile = fromFile.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
        if (inFile == null) {
            return Optional.empty();
        }
        overrides.set(id, enabled, inFile.enabled());
        LOG.info("trunk {} {} through the API", id, enabled ? "enabled" : "disabled");
        return Optional.of(publish());
    }

    private CompletableFuture<Void> publish() {
        List<Trunk> next = fromFile.stream()
                .map(t -> t.withEnabled(overrides.effective(t.id(), t.enabled())))
                .toList();
        effective = next;
        byId = next.stream().collect(Collectors.toUnmodifiableMap(Trunk::id, t -> t));
        for (Consumer<List<Trunk>> l : listeners) {
            l.accept(next);
        }
        return registrations == null ? CompletableFuture.completedFuture(null) : registrations.apply(next);
    }

    public void addListener(Consumer<List<Trunk>> listener) {
        listeners.add(listener);
    }

    public List<Trunk> trunks() {
        return effective;
    }

    public Optional<Trunk> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Path file() {
        return file;
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
