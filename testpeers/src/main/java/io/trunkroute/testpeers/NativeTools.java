package io.trunkroute.testpeers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the peer programs. They are installed by scripts/install-test-peers.sh, which the build
 * runs before tests (apt-get install kamailio sip-tester when absent); a missing program here is
 * a set-up error with the fix in the message, not a skipped test.
 */
public final class NativeTools {

    private NativeTools() {
    }

    public static Path kamailio() {
        return find("kamailio", List.of("/usr/sbin/kamailio", "/usr/local/sbin/kamailio"));
    }

    public static Path kamcmd() {
        return find("kamcmd", List.of("/usr/sbin/kamcmd", "/usr/local/sbin/kamcmd"));
    }

    public static Path sipp() {
        return find("sipp", List.of("/usr/bin/sipp", "/usr/local/bin/sipp"));
    }

    /** The directory holding Kamailio's modules (tm.so ...), e.g. /usr/lib/x86_64-linux-gnu/kamailio/modules. */
    public static Path kamailioModules() {
        for (String root : List.of("/usr/lib", "/usr/local/lib", "/usr/lib64")) {
            Path base = Path.of(root);
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> s = Files.find(base, 4, (p, a) -> p.endsWith("kamailio/modules/tm.so"))) {
                Optional<Path> tm = s.findFirst();
                if (tm.isPresent()) {
                    return tm.get().getParent();
                }
            } catch (IOException e) {
                // keep looking in the next root
            }
        }
        throw new IllegalStateException("Kamailio modules not found; run scripts/install-test-peers.sh");
    }

    private static Path find(String program, List<String> candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(program + " is not installed; run scripts/install-test-peers.sh "
                + "(apt-get install -y kamailio sip-tester)");
    }
}
