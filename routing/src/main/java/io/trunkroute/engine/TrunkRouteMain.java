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
        if (args.length > 0 && args[0].equals("explain")) {
            return explain(args, System.out, err);
        }
        if (args.length > 1 && args[0].equals("deck") && args[1].equals("from-ranges")) {
            return deckFromRanges(args, System.out, err);
        }
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

    /** {@code explain --config DIR --tenant T [--at ISO] NUMBER} */
    static int explain(String[] args, PrintStream out, PrintStream err) {
        Path config = Path.of("config");
        String tenant = null;
        String number = null;
        java.time.Instant at = java.time.Instant.now();
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--config" -> config = Path.of(args[++i]);
                    case "--tenant" -> tenant = args[++i];
                    case "--at" -> at = java.time.Instant.parse(args[++i]);
                    default -> number = args[i];
                }
            }
        } catch (ArrayIndexOutOfBoundsException | java.time.format.DateTimeParseException e) {
            return usage(err, "explain: " + e.getMessage());
        }
        if (tenant == null || number == null) {
            return usage(err, "explain needs --tenant and a number");
        }
        try {
            return ExplainCommand.run(config, tenant, number, at, out, err);
        } catch (Exception e) {
            err.println("trunkroute explain: " + e.getMessage());
            return EXIT_BAD_CONFIG;
        }
    }

    /** {@code deck from-ranges --input FILE [--key operator] [--rate R] [--output FILE]} */
    static int deckFromRanges(String[] args, PrintStream out, PrintStream err) {
        Path input = null;
        Path output = null;
        String key = "operator";
        String rate = null;
        try {
            for (int i = 2; i < args.length; i++) {
                switch (args[i]) {
                    case "--input" -> input = Path.of(args[++i]);
                    case "--output" -> output = Path.of(args[++i]);
                    case "--key" -> key = args[++i];
                    case "--rate" -> rate = args[++i];
                    default -> {
                        return usage(err, "deck from-ranges: unknown argument '" + args[i] + "'");
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return usage(err, "deck from-ranges: an option lacks its value");
        }
        if (input == null) {
            return usage(err, "deck from-ranges needs --input");
        }
        try {
            return DeckCommand.fromRanges(input, key, rate, output, out);
        } catch (Exception e) {
            err.println("trunkroute deck from-ranges: " + e.getMessage());
            return EXIT_BAD_CONFIG;
        }
    }

    private static int usage(PrintStream err, String problem) {
        if (problem != null) {
            err.println("trunkroute: " + problem);
        }
        err.println("usage: trunkroute [run] --config DIR [--data DIR]");
        err.println("       trunkroute explain --config DIR --tenant TENANT [--at ISO-INSTANT] NUMBER");
        err.println("       trunkroute deck from-ranges --input REGISTRY.csv [--key operator|region|operator-region]"
                + " [--rate R] [--output DECK.csv]");
        return problem == null ? EXIT_OK : EXIT_USAGE;
    }
}
