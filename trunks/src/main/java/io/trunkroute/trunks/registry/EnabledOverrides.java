package io.trunkroute.trunks.registry;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Enable/disable decisions made through the API, kept across restarts in a small properties file
 * under the data directory. Each entry remembers what trunks.yaml said when the API decided, so an
 * edit of the file's {@code enabled:} afterwards wins (the newer intent) and clears the override.
 */
public final class EnabledOverrides {

    /** An API decision and the file value it overrode. */
    record Override(boolean enabled, boolean fileValueThen) {
    }

    private final Path file;
    private final Map<String, Override> overrides = new HashMap<>();

    public EnabledOverrides(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            for (String id : p.stringPropertyNames()) {
                String[] v = p.getProperty(id).split(",");
                if (v.length == 2) {
                    overrides.put(id, new Override(Boolean.parseBoolean(v[0]), Boolean.parseBoolean(v[1])));
                }
            }
        }
    }

    /** In-memory only, for tests and tools. */
    public static EnabledOverrides inMemory() {
        return new EnabledOverrides(null);
    }

    synchronized void set(String trunkId, boolean enabled, boolean fileValue) {
        if (enabled == fileValue) {
            overrides.remove(trunkId);
        } else {
            overrides.put(trunkId, new Override(enabled, fileValue));
        }
        save();
    }

    /** The effective enabled flag for a trunk whose file says {@code fileValue}; clears stale overrides. */
    synchronized boolean effective(String trunkId, boolean fileValue) {
        Override o = overrides.get(trunkId);
        if (o == null) {
            return fileValue;
        }
        if (o.fileValueThen() != fileValue) {
            overrides.remove(trunkId);
            save();
            return fileValue;
        }
        return o.enabled();
    }

    synchronized Optional<Boolean> overrideOf(String trunkId) {
        return Optional.ofNullable(overrides.get(trunkId)).map(Override::enabled);
    }

    private void save() {
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        overrides.forEach((id, o) -> p.setProperty(id, o.enabled() + "," + o.fileValueThen()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "TrunkRoute: trunks enabled/disabled through the API (id=enabled,file-value-then)");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
