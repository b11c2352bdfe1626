package io.trunkroute.sip.auth;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.Parameters;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The digest state of one logical request across its retries (RFC 3261 section 22.2): which
 * realms were answered, the nonce counts, and the Authorization / Proxy-Authorization values every
 * retry carries, so that a proxy and the server behind it can both pass. A realm that challenges
 * again without {@code stale=true} refused the credentials: that challenge is not answered twice.
 */
public final class DigestSession {

    /** Answered challenges per request; a carrier that keeps challenging is refused, not looped. */
    public static final int MAX_ROUNDS = 3;

    private final DigestAuthenticator authenticator;
    private final DigestCredentials credentials;
    /** "proxy|realm" or "www|realm" -> header value. */
    private final Map<String, String> authorizations = new LinkedHashMap<>();
    private final Set<String> answeredRealms = new HashSet<>();
    private final Map<String, Integer> nonceCounts = new HashMap<>();

    public DigestSession(DigestAuthenticator authenticator, DigestCredentials credentials) {
        this.authenticator = authenticator;
        this.credentials = credentials;
    }

    /** A session with the same credentials for another request, which answers its own challenges. */
    public DigestSession forAnotherRequest() {
        return new DigestSession(authenticator, credentials);
    }

    /**
     * Computes the answer to a 401/407 for {@code challenged}, the request it was the response to.
     * Returns false when the challenge must go back to the caller instead: no digest challenge we
     * implement, or a realm already answered challenging again without a stale nonce.
     */
    public boolean answer(Response challenge, Request challenged) {
        Optional<DigestChallenge> chosen = DigestAuthenticator.preferred(challenges(challenge));
        if (chosen.isEmpty()) {
            return false;
        }
        DigestChallenge c = chosen.get();
        String key = (c.proxy() ? "proxy|" : "www|") + c.realm();
        if (answeredRealms.contains(key) && !c.stale()) {
            return false;
        }
        answeredRealms.add(key);
        int nc = nonceCounts.merge(c.nonce(), 1, Integer::sum);
        authorizations.put(key, authenticator.authorize(c, credentials, challenged.getMethod(),
                challenged.getRequestURI().toString(), nc));
        return true;
    }

    /** Replaces any credentials on {@code request} by the answers computed so far. */
    public void authorize(Request request, HeaderFactory headers) throws ParseException {
        request.removeHeader(AuthorizationHeader.NAME);
        request.removeHeader(ProxyAuthorizationHeader.NAME);
        for (Map.Entry<String, String> a : authorizations.entrySet()) {
            String name = a.getKey().startsWith("proxy|") ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME;
            request.addHeader(headers.createHeader(name, a.getValue()));
        }
    }

    /**
     * Gives {@code to} exactly the credentials {@code from} carried: RFC 3261 section 13.2.2.4 has
     * the ACK for a 2xx carry the same credentials as its INVITE. (The RI's ACK may already hold a
     * cached copy of some of them; they are replaced, not doubled.)
     */
    public static void copyCredentials(Request from, Message to) {
        replaceCredentials(credentialsOf(from), to);
    }

    /** Copies of the Authorization and Proxy-Authorization headers {@code request} carries. */
    public static List<Header> credentialsOf(Request request) {
        List<Header> out = new ArrayList<>(2);
        for (String name : new String[] {AuthorizationHeader.NAME, ProxyAuthorizationHeader.NAME}) {
            ListIterator<?> values = request.getHeaders(name);
            while (values != null && values.hasNext()) {
                out.add((Header) ((Header) values.next()).clone());
            }
        }
        return List.copyOf(out);
    }

    /** Gives {@code to} exactly {@code credentials} (from {@link #credentialsOf}), replacing any it has. */
    public static void replaceCredentials(List<Header> credentials, Message to) {
        to.removeHeader(AuthorizationHeader.NAME);
        to.removeHeader(ProxyAuthorizationHeader.NAME);
        for (Header h : credentials) {
            to.addHeader((Header) h.clone());
        }
    }

    /** Every digest challenge a 401/407 carries, WWW-Authenticate first. */
    private static List<DigestChallenge> challenges(Response response) {
        List<DigestChallenge> out = new ArrayList<>();
        collect(response, WWWAuthenticateHeader.NAME, false, out);
        collect(response, ProxyAuthenticateHeader.NAME, true, out);
        return out;
    }

    private static void collect(Response response, String headerName, boolean proxy, List<DigestChallenge> out) {
        ListIterator<?> headers = response.getHeaders(headerName);
        while (headers != null && headers.hasNext()) {
            Object h = headers.next();
            if (h instanceof WWWAuthenticateHeader w && "Digest".equalsIgnoreCase(w.getScheme())) {
                out.add(DigestChallenge.fromParameters(proxy, params(w)));
            } else if (h instanceof ProxyAuthenticateHeader p && "Digest".equalsIgnoreCase(p.getScheme())) {
                out.add(DigestChallenge.fromParameters(proxy, params(p)));
            }
        }
    }

    private static Map<String, String> params(Parameters header) {
        Map<String, String> params = new HashMap<>();
        for (Iterator<?> names = header.getParameterNames(); names.hasNext(); ) {
            String name = (String) names.next();
            String value = header.getParameter(name);
            if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            params.put(name, value);
        }
        return params;
    }
}
