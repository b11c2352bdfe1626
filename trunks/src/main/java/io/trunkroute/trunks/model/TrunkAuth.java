package io.trunkroute.trunks.model;

import java.util.List;
import java.util.Objects;

/** How the carrier recognises the trunk: a SIP account with digest auth, or the source IP. */
public sealed interface TrunkAuth permits TrunkAuth.Password, TrunkAuth.Ip {

    /**
     * Login and password as the carrier's cabinet shows them.
     *
     * @param username     the user part of the AOR (often the account number, e.g. "9900")
     * @param password     never printed
     * @param authUsername the digest user name when the carrier uses a separate one; else null
     */
    record Password(String username, Secret password, String authUsername) implements TrunkAuth {
        public Password {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }

    /** IP-authenticated trunk: the carrier trusts our address; no REGISTER. */
    record Ip(List<Cidr> allow) implements TrunkAuth {
        public Ip {
            allow = List.copyOf(allow);
        }
    }
}
