package io.trunkroute.cdr;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;

/**
 * The node's CDR database: a small connection pool, the schema migrated at open, a background
 * writer. Embedded default: an H2 file under the data directory; production: a PostgreSQL URL.
 */
public final class CdrDatabase implements AutoCloseable {

    /**
     * H2 keeps a JVM-wide cache of recent values so that equal ones share an object; every string
     * and number bound to an insert is hashed and looked up in it first. CDR values are nearly all
     * distinct, so for this writer the cache is pure cost (27 of 1,164 JFR samples of the engine at
     * 1,400 calls/s in bench/calls). H2 reads the property once, when its classes load, which
     * happens here first; a value the operator set ({@code -Dh2.objectCache=true}) wins.
     */
    static final String H2_OBJECT_CACHE = "h2.objectCache";

    static {
        if (System.getProperty(H2_OBJECT_CACHE) == null) {
            System.setProperty(H2_OBJECT_CACHE, "false");
        }
    }

    private final HikariDataSource dataSource;
    private final CdrStore store;
    private final CdrWriter writer;

    private CdrDatabase(HikariDataSource dataSource, int queueCapacity) {
        this.dataSource = dataSource;
        this.store = new CdrStore(dataSource);
        store.migrate();
        this.writer = new CdrWriter(store, queueCapacity);
    }

    /** The embedded default URL for a data directory. */
    public static String defaultUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("trunkroute") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    public static CdrDatabase open(String url, String user, String password, int queueCapacity) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        config.setPoolName("cdr");
        return new CdrDatabase(new HikariDataSource(config), queueCapacity);
    }

    public CdrStore store() {
        return store;
    }

    public CdrWriter writer() {
        return writer;
    }

    /** Flushes queued CDRs, then closes the pool. */
    @Override
    public void close() {
        writer.close();
        dataSource.close();
    }
}
