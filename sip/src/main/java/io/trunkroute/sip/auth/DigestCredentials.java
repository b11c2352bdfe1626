package io.trunkroute.sip.auth;

import java.util.Objects;

/**
 * What a carrier hands out for a SIP account: the user part of the AOR, an optional separate
 * authentication user name, and the password. {@link #toString()} never shows the password, so
 * these objects may be logged or carried in Camel headers without leaking it.
 */
public final class DigestCredentials {

    private final String username;
    private final String authUsername;
    private final String password;

    public DigestCredentials(String username, String authUsername, String password) {
        this.username = Objects.requireNonNull(username, "username");
        this.authUsername = authUsername == null || authUsername.isBlank() ? username : authUsername;
        this.password = Objects.requireNonNull(password, "password");
    }

    public static DigestCredentials of(String username, String password) {
        return new DigestCredentials(username, null, password);
    }

    /** The user part of the address of record. */
    public String username() {
        return username;
    }

    /** The name sent in {@code username=} of the Authorization header. */
    public String authUsername() {
        return authUsername;
    }

    /** Package-private: only the digest computation reads the password. */
    String password() {
        return password;
    }

    @Override
    public String toString() {
        return "DigestCredentials[username=" + username + ", authUsername=" + authUsername + ", password=****]";
    }
}
