package io.trunkroute.testpeers;

import java.util.Locale;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * Testcontainers' last resort (registered in {@code META-INF/services}): when none of its own
 * strategies found a Docker engine, start podman's Docker-compatible API for this JVM (see
 * {@link ContainerEngine#startPodman()}) and use that. Lowest priority, so DOCKER_HOST, a
 * Docker socket or Docker Desktop always win; never persisted to ~/.testcontainers.properties.
 */
public final class PodmanServiceStrategy extends DockerClientProviderStrategy {

    @Override
    public TransportConfig getTransportConfig() {
        return TransportConfig.builder().dockerHost(ContainerEngine.startPodman()).build();
    }

    @Override
    public String getDescription() {
        return "podman API service started by the TrunkRoute test peers (no Docker engine answered)";
    }

    @Override
    protected boolean isApplicable() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && ContainerEngine.podmanExecutable().isPresent();
    }

    @Override
    protected boolean isPersistable() {
        return false;
    }

    @Override
    protected int getPriority() {
        return Integer.MIN_VALUE / 2;
    }
}
