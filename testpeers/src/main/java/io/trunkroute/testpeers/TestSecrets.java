package io.trunkroute.testpeers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Passwords for tests, each unique and recorded in {@code target/test-secrets.txt} of the module
 * under test, so that a final check can grep every log of the run for every password ever used.
 */
public final class TestSecrets {

    public static final Path FILE = Path.of("target", "test-secrets.txt");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestSecrets() {
    }

    public static synchronized String newPassword(String label) {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        String password = "Pw-" + label + "-" + HexFormat.of().formatHex(b);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return password;
    }

    /** Every password recorded in {@code file} (empty when the file does not exist). */
    public static List<String> recordedIn(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(s -> !s.isBlank()).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
