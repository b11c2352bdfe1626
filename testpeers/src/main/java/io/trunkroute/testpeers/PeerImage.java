package io.trunkroute.testpeers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The images the peers run in, each Debian bookworm plus the packages listed in
 * {@code src/main/image/<name>.packages}. The tag is the first 12 hex digits of the SHA-256 of
 * that file, exactly what {@code scripts/build-test-peer-images.sh} computes with
 * {@code sha256sum}, so the image the script imported and the one the tests ask for agree, and a
 * changed package list means a new image.
 */
public enum PeerImage {

    /** Kamailio (carriers) and SIPp (PBX, callees). */
    SIP_PEERS("trunkroute-test-peers"),
    /** PostgreSQL server. */
    POSTGRES("trunkroute-test-postgres");

    /** Classpath folder of the image definitions (Dockerfile, *.packages, containers.conf). */
    static final String RESOURCE_DIR = "image/";

    private final String imageName;
    private volatile byte[] definition;

    PeerImage(String imageName) {
        this.imageName = imageName;
    }

    /** Repository name without registry and tag, e.g. {@code trunkroute-test-peers}. */
    public String imageName() {
        return imageName;
    }

    /** {@code localhost/<name>:<tag>}: the name under which the image is built and looked up. */
    public String reference() {
        return "localhost/" + imageName + ":" + tag();
    }

    /** First 12 hex digits of the SHA-256 of the package list file. */
    public String tag() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(definition());
            return HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Debian packages of the image, in file order. */
    public List<String> packages() {
        return new String(definition(), StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    String packagesResource() {
        return RESOURCE_DIR + imageName + ".packages";
    }

    private byte[] definition() {
        byte[] d = definition;
        if (d == null) {
            try (InputStream in = PeerImage.class.getResourceAsStream(packagesResource())) {
                if (in == null) {
                    throw new IllegalStateException("no resource " + packagesResource() + " next to " + PeerImage.class);
                }
                d = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            definition = d;
        }
        return d;
    }
}
