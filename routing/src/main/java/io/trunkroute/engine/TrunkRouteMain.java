package io.trunkroute.engine;

import io.trunkroute.trunks.config.TrunkConfigException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code java -jar trunkroute.jar [run] --config DIR [--data DIR]}. Exit codes: 0 after a clean
 * shutdown, 2 when the configuration is invalid (the engine refuses to start), 64 on bad usage.
 */
public final class TrunkRouteMain {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkRouteMain.class);

    static final int EXIT_OK = 0;
    static final int EXIT_BAD_CONFIG = 2;
    static final int EXIT_USAGE = 64;

    private TrunkRouteMain() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        Path config = Path.of("config");
        Path data = Path.of("data");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "run" -> { }
                case "--config" -> {
                    if (++i >= args.length) {
                        return usage(err, "--config needs a directory");
                    }
                    config = Path.of(args[i]);
                }
                case "--data" -> {
                    if (++i >= args.length) {
                        return usage(err, "--data needs a directory");
                    }
                    data = Path.of(args[i]);
                }
                case "-h", "--help" -> {
                    usage(err, null);
                    return EXIT_OK;
                }
                default -> {
                    return usage(err, "unknown argument '" + args[i] + "'");
                }
            }
        }
        if (!Files.isDirectory(config)) {
            err.println("trunkroute: config directory " + config.toAbsolutePath() + " does not exist");
            return EXIT_BAD_CONFIG;
        }
        Engine engine = new Engine(config, data, Map.of());
        try {
            engine.validate();
        } catch (TrunkConfigException e) {
            LOG.error("refusing to start: {}", e.getMessage());
            err.println("trunkroute: refusing to start: " + e.getMessage());
            return EXIT_BAD_CONFIG;
        }
        try {
            engine.runUntilShutdown();
            return EXIT_OK;
        } catch (Exception e) {
            LOG.error("engine failed", e);
            err.println("trunkroute: engine failed: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        if (problem != null) {
            err.println("trunkroute: " + problem);
        }
        err.println("usage: trunkroute [run] --config DIR [--data DIR]");
        return problem == null ? EXIT_OK : EXIT_USAGE;
    }
}
