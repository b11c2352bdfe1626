package io.trunkroute.trunks.registration;

import io.trunkroute.sip.SipContact;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import java.util.List;
import java.util.Locale;

/**
 * The Contact a trunk registers, and finding it again in the registrar's answer. The contact
 * carries {@code line=<trunk id>} so that our binding is recognised among others for the same
 * account, and so that a carrier's INVITE to it names the trunk it arrived on.
 */
public final class ContactUris {

    public static final String LINE_PARAM = "line";

    private ContactUris() {
    }

    public static String contactFor(Trunk trunk, String advertisedHost, int port) {
        String user = trunk.auth() instanceof TrunkAuth.Password p ? p.username() : trunk.id();
        String host = advertisedHost.contains(":") && !advertisedHost.startsWith("[") ? "[" + advertisedHost + "]"
                : advertisedHost;
        return "sip:" + user + "@" + host + ":" + port + ";transport=" + trunk.transport().token() + ";"
                + LINE_PARAM + "=" + trunk.id();
    }

    /**
     * The lifetime granted to {@code ourContact} (RFC 3261 section 10.2.4: the 200 lists every
     * binding of the AOR with its expires parameter); falls back to the Expires header, then to
     * what was requested.
     */
    public static int grantedExpires(List<SipContact> contacts, Integer expiresHeader, String ourContact,
                                     int requested) {
        String ourLine = new SipContact(ourContact, null).uriParameter(LINE_PARAM);
        String ourBase = base(ourContact);
        if (contacts != null) {
            for (SipContact c : contacts) {
                if (c.expires() != null && ourLine != null && ourLine.equals(c.uriParameter(LINE_PARAM))) {
                    return c.expires();
                }
            }
            for (SipContact c : contacts) {
                if (c.expires() != null && ourBase.equals(base(c.uri()))) {
                    return c.expires();
                }
            }
        }
        return expiresHeader != null ? expiresHeader : requested;
    }

    /** user@host:port of a SIP URI, lower-cased, without scheme and parameters. */
    private static String base(String uri) {
        String u = uri.toLowerCase(Locale.ROOT);
        if (u.startsWith("<")) {
            u = u.substring(1);
        }
        int colon = u.indexOf(':');
        if (u.startsWith("sip") && colon > 0) {
            u = u.substring(colon + 1);
        }
        int semi = u.indexOf(';');
        if (semi >= 0) {
            u = u.substring(0, semi);
        }
        return u.replace(">", "");
    }
}
