package io.trunkroute.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged engine, started the way the README says, refuses an invalid trunks.yaml. */
class InvalidConfigRefusedIT {

    @Test
    void theJarRefusesToStartNamingFileTrunkAndField() throws Exception {
        Path config = Files.createTempDirectory("trunkroute-bad-config-");
        Files.writeString(config.resolve("trunks.yaml"), """
                trunks:
                  - id: good-one
                    tenant: acme
                    server: 127.0.0.1
                    auth: { type: ip, allow: [127.0.0.1] }
                  - id: bad-one
                    tenant: acme
                    server: 127.0.0.1
                    port: 99999
                    auth: { type: password, username: "1", password: "${TRUNKROUTE_TEST_UNSET_VAR}" }
                """);
        Path log = Path.of("target", "test-logs", "engine-process-invalid-config.log");
        Files.createDirectories(log.getParent());
        Path jar = Path.of("target", "trunkroute.jar");
        assertThat(jar).as("packaged engine").exists();

        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--config", config.toString(), "--data", config.resolve("data").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(exited).as("engine must exit by itself").isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("refusing to start")
                .contains(config.resolve("trunks.yaml") + ":9: trunk 'bad-one': field 'port': must be between 1 and 65535")
                .contains("trunk 'bad-one': auth: field 'password': environment variable TRUNKROUTE_TEST_UNSET_VAR is not set")
                .doesNotContain("good-one': field");
    }
}
