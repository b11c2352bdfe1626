package io.trunkroute.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.trunkroute.testpeers.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test of the build (its own failsafe execution in the last module): greps
 * every log the engine wrote during the run, in every module, for every password any test used.
 */
class SecretsNeverLoggedCheck {

    @Test
    void noPasswordAppearsInAnyLogOfTheTestRun() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> passwords = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                passwords.addAll(TestSecrets.recordedIn(module.resolve(TestSecrets.FILE)));
                Path logDir = module.resolve("target/test-logs");
                if (Files.isDirectory(logDir)) {
                    try (Stream<Path> files = Files.list(logDir)) {
                        files.filter(f -> f.toString().endsWith(".log")).forEach(logs::add);
                    }
                }
            }
        }
        assertThat(passwords).as("passwords recorded by this run's tests").hasSizeGreaterThanOrEqualTo(3);
        assertThat(logs).as("engine logs of this run").isNotEmpty();

        long bytes = 0;
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            bytes += text.length();
            for (String password : passwords) {
                assertThat(text).as("log " + log).doesNotContain(password);
            }
        }
        assertThat(bytes).as("the logs hold the run's output, SIP traces included").isGreaterThan(10_000);
    }
}
