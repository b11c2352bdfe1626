package io.trunkroute.testpeers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

/**
 * A real PostgreSQL server for one test class, in a container of the {@link PeerImage#POSTGRES}
 * image (Debian's postgresql). PostgreSQL speaks TCP only, so it is reached the ordinary
 * Testcontainers way, through a mapped port on the engine's host. A fresh cluster per start, one
 * database owned by one user with a password from {@link TestSecrets} (SCRAM-SHA-256).
 *
 * <pre>
 * try (PostgresPeer pg = PostgresPeer.start("trunkroute")) {
 *     dataSource.setURL(pg.jdbcUrl()); dataSource.setUser(pg.username()); dataSource.setPassword(pg.password());
 * }
 * </pre>
 */
public final class PostgresPeer implements AutoCloseable {

    private static final int PORT = 5432;
    private static final String START_SCRIPT = "/usr/local/bin/trunkroute-postgres";

    private final String database;
    private final String username;
    private final String password;
    private final PeerContainer container;
    private final String host;
    private final int mappedPort;

    private PostgresPeer(String database) {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be [a-z][a-z0-9_]*: " + database);
        }
        this.database = database;
        this.username = "trunkroute";
        this.password = TestSecrets.newPassword("postgres");
        byte[] script;
        try (InputStream in = PostgresPeer.class.getResourceAsStream("postgres-peer.sh")) {
            script = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.container = PeerContainer.start("postgres-" + database, PeerImage.POSTGRES, null, c -> c
                    .withExposedPorts(PORT)
                    .withCopyToContainer(Transferable.of(script, 0755), START_SCRIPT)
                    .withEnv("PEER_DB", database)
                    .withEnv("PEER_USER", username)
                    .withEnv("PEER_PASSWORD", password)
                    .withCreateContainerCmdModifier(cmd -> cmd.withUser("postgres"))
                    .withCommand(START_SCRIPT)
                    .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 1)
                            .withStartupTimeout(Duration.ofSeconds(60))));
        this.host = container.host();
        this.mappedPort = container.mappedPort(PORT);
    }

    /** Starts PostgreSQL with an empty database {@code database} and waits until it accepts connections. */
    public static PostgresPeer start(String database) {
        return new PostgresPeer(database);
    }

    /** {@code jdbc:postgresql://host:port/database}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + mappedPort + "/" + database;
    }

    public String host() {
        return host;
    }

    public int port() {
        return mappedPort;
    }

    public String database() {
        return database;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The server's log lines, for failure messages. */
    public List<String> log() {
        return container.lines().stream().map(PeerContainer.Line::text).toList();
    }

    /** Fast shutdown (SIGTERM); the container and its data are removed. */
    public void stop() {
        container.stop(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        stop();
    }
}
