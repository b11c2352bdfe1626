package io.trunkroute.testpeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trunkroute.testpeers.PeerImages.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Where the peer images come from, on every branch; and that Java and the build script agree on tags. */
class PeerImagesTest {

    @ParameterizedTest(name = "override={0}, in engine={1}, podman started by the tests={2} -> {3}")
    @CsvSource(nullValues = "-", textBlock = """
            # override,  present, podmanHere, expected
            # A Docker engine that can pull, first run: build from the Dockerfile.
            -,           false,   false,      DOCKERFILE
            # A Docker engine, later runs: the image the Dockerfile built is reused.
            -,           true,    false,      LOCAL
            # No Docker engine (these machines): the image the build script imported.
            -,           true,    true,       LOCAL
            # ... also when it is missing: then resolve() fails naming the script, never pulls.
            -,           false,   true,       LOCAL
            # The system property wins over everything.
            dockerfile,  true,    true,       DOCKERFILE
            local,       false,   false,      LOCAL
            ' Local ',   false,   false,      LOCAL
            """)
    void choosesTheImageSource(String override, boolean present, boolean podmanHere, Source expected) {
        assertThat(PeerImages.choose(PeerImage.SIP_PEERS, override, present, podmanHere).source()).isEqualTo(expected);
    }

    @Test
    void explainsTheDockerfileChoiceInTheLog() {
        assertThat(PeerImages.choose(PeerImage.POSTGRES, null, false, false).reason())
                .contains("a Docker engine answered").contains(PeerImage.POSTGRES.reference()).contains("Dockerfile");
    }

    @Test
    void refusesAnUnknownOverride() {
        assertThatThrownBy(() -> PeerImages.choose(PeerImage.SIP_PEERS, "registry", false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trunkroute.testpeers.image-source must be 'local' or 'dockerfile', was 'registry'");
    }

    @ParameterizedTest
    @EnumSource(PeerImage.class)
    void tagIsWhatTheBuildScriptComputesWithSha256sum(PeerImage image) throws IOException, InterruptedException {
        // The script tags `sha256sum <name>.packages | cut -c1-12`; the tests must ask for the same.
        Path file = Path.of("src/main/image", image.imageName() + ".packages").toAbsolutePath();
        Process p = new ProcessBuilder("sha256sum", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(image.tag()).hasSize(12).isEqualTo(out.substring(0, 12));
        assertThat(image.reference()).isEqualTo("localhost/" + image.imageName() + ":" + out.substring(0, 12));
    }

    @Test
    void listsThePackagesWithoutComments() {
        assertThat(PeerImage.SIP_PEERS.packages()).containsExactly("kamailio", "sip-tester");
        assertThat(PeerImage.POSTGRES.packages()).containsExactly("postgresql");
    }
}
