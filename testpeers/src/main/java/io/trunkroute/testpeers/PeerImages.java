package io.trunkroute.testpeers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Picks where each {@link PeerImage} comes from, once per JVM. No test ever pulls a peer image:
 * <ol>
 *   <li>{@code -Dtrunkroute.testpeers.image-source=local|dockerfile} decides when given;</li>
 *   <li>otherwise an image {@code localhost/<name>:<tag>} already in the engine's store is used
 *       (built by an earlier run, either way);</li>
 *   <li>otherwise, when the tests started podman themselves (no Docker engine answered), the image
 *       must be the one {@code scripts/build-test-peer-images.sh} imported from a debootstrap
 *       rootfs: missing, it is a set-up error naming that script;</li>
 *   <li>otherwise a Docker engine answered, which can pull: Testcontainers builds the image from
 *       {@code src/main/image/Dockerfile} ({@code FROM debian:bookworm} + apt) and keeps it under
 *       the same name, so the next run finds it in step 2.</li>
 * </ol>
 */
public final class PeerImages {

    /** System property that overrides the choice: {@code local} or {@code dockerfile}. */
    public static final String SOURCE_PROPERTY = "trunkroute.testpeers.image-source";

    /** Where an image comes from. */
    public enum Source {
        /** An image already in the engine's store under {@link PeerImage#reference()}. */
        LOCAL,
        /** Built by the engine from the Dockerfile (needs an engine that can pull debian:bookworm). */
        DOCKERFILE
    }

    /** The choice and why, for the log. */
    public record Choice(Source source, String reason) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PeerImages.class);
    private static final Map<PeerImage, Future<String>> RESOLVED = new EnumMap<>(PeerImage.class);

    private PeerImages() {
    }

    /**
     * The decision, free of I/O so it can be tested on every branch.
     *
     * @param override           value of {@link #SOURCE_PROPERTY}, or null
     * @param presentInEngine    whether the engine's store holds {@link PeerImage#reference()}
     * @param podmanStartedHere  whether the tests started podman because no Docker engine answered
     */
    public static Choice choose(PeerImage image, String override, boolean presentInEngine, boolean podmanStartedHere) {
        if (override != null && !override.isBlank()) {
            return switch (override.strip().toLowerCase(Locale.ROOT)) {
                case "local" -> new Choice(Source.LOCAL, SOURCE_PROPERTY + "=local");
                case "dockerfile" -> new Choice(Source.DOCKERFILE, SOURCE_PROPERTY + "=dockerfile");
                default -> throw new IllegalArgumentException(SOURCE_PROPERTY + " must be 'local' or 'dockerfile', was '"
                        + override + "'");
            };
        }
        if (presentInEngine) {
            return new Choice(Source.LOCAL, image.reference() + " is in the engine's image store");
        }
        if (podmanStartedHere) {
            return new Choice(Source.LOCAL, "no Docker engine answered, so podman runs the peers; it has no registry "
                    + "and uses the image scripts/build-test-peer-images.sh imports");
        }
        return new Choice(Source.DOCKERFILE, "a Docker engine answered and has no " + image.reference()
                + ": building it from the Dockerfile (FROM debian:bookworm)");
    }

    /** The image for a container, resolved once per JVM; Testcontainers waits on the future. */
    public static synchronized Future<String> resolve(PeerImage image) {
        Future<String> f = RESOLVED.get(image);
        if (f == null) {
            f = resolveNow(image);
            RESOLVED.put(image, f);
        }
        return f;
    }

    private static Future<String> resolveNow(PeerImage image) {
        DockerClient client = DockerClientFactory.instance().client();
        boolean present = isPresent(client, image.reference());
        boolean podman = ContainerEngine.podmanStartedHere();
        Choice choice = choose(image, System.getProperty(SOURCE_PROPERTY), present, podman);
        LOG.info("test peer image {}: {} ({})", image.reference(), choice.source(), choice.reason());
        if (choice.source() == Source.LOCAL) {
            if (!present) {
                throw new IllegalStateException(image.reference() + " is not in the container engine's image store. "
                        + "Build it with scripts/build-test-peer-images.sh (root; debootstrap + podman import, ~70 s), "
                        + "which `./mvnw verify` runs through scripts/install-test-peers.sh when no Docker engine answers"
                        + (podman ? "" : "; or drop -D" + SOURCE_PROPERTY + " to build from the Dockerfile"));
            }
            return CompletableFuture.completedFuture(image.reference());
        }
        return new ImageFromDockerfile(image.reference(), false)
                .withFileFromClasspath("Dockerfile", "io/trunkroute/testpeers/" + PeerImage.RESOURCE_DIR + "Dockerfile")
                .withBuildArg("PACKAGES", String.join(" ", image.packages()));
    }

    private static boolean isPresent(DockerClient client, String reference) {
        try {
            client.inspectImageCmd(reference).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
