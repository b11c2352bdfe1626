package io.trunkroute.sip.parsing;

import gov.nist.core.Host;
import gov.nist.core.HostPort;
import gov.nist.core.NameValue;
import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.ParametersHeader;
import java.util.function.Function;

/**
 * SIP URIs, host:port, name-addrs and header parameters, read into the RI's objects through the
 * same setters, in the same order and with the same values as the RI's parsers use
 * ({@code URLParser}, {@code HostNameParser}, {@code AddressParser}, {@code ParametersParser}), so
 * that a header read here is the object the RI would have built. Each method returns null (or
 * false) for anything outside the subset it reads, and the line goes to the RI's parser: tel and
 * other URIs, IPv6 hosts, URI headers ({@code ?}), addr-specs without angle brackets, empty or
 * bracketed parameter values.
 */
final class AddressScanner {

    private AddressScanner() {
    }

    /** A {@code sip:} or {@code sips:} URI with its parameters, as inside angle brackets. */
    static SipUri sipUri(LineCursor c) {
        String scheme;
        if (c.accept("sip:")) {
            scheme = "sip";
        } else if (c.accept("sips:")) {
            scheme = "sips";
        } else {
            return null;
        }
        SipUri uri = new SipUri();
        uri.setScheme(scheme);
        // userinfo is only known to be one when an '@' follows; otherwise it was the host
        int userStart = c.position();
        String user = c.scan(SipChars::user);
        String password = null;
        if (c.accept(':')) {
            password = c.scan(SipChars::password);
        }
        if (c.accept('@')) {
            uri.setUser(user);
            if (password != null) {
                uri.setUserPassword(password);
            }
        } else {
            c.position(userStart);
        }
        HostPort hostPort = hostPort(c, false);
        if (hostPort == null) {
            return null;
        }
        uri.setHostPort(hostPort);
        while (c.accept(';')) {
            String name = c.scan(SipChars::param);
            String value = "";
            boolean flag = true;
            if (c.accept('=')) {
                value = c.scan(SipChars::param);
                flag = false;
            }
            if (!name.isEmpty() || !value.isEmpty()) {
                uri.setUriParameter(new NameValue(name, value, flag));
            }
        }
        return c.peek() == '?' ? null : uri;
    }

    /** host[:port]; {@code allowWhitespace} as in a Via's sent-by. */
    static HostPort hostPort(LineCursor c, boolean allowWhitespace) {
        if (c.peek() == '[' || unbracketedIpv6(c)) {
            return null;
        }
        String name = c.scan(SipChars::domain);
        if (name.isEmpty()) {
            return null;
        }
        HostPort hostPort = new HostPort();
        hostPort.setHost(new Host(name));
        if (allowWhitespace) {
            c.skipSpaceAndTab();
        }
        switch (c.peek()) {
            case '\t', '\n', '\r', ' ', ',', '/', ';', '>', '?' -> {
                return hostPort;
            }
            case ':' -> {
                c.skip(1);
                if (allowWhitespace) {
                    c.skipSpaceAndTab();
                }
                String port = c.digits();
                if (port == null) {
                    return null;
                }
                hostPort.setPort(Integer.parseInt(port));
                return hostPort;
            }
            default -> {
                return allowWhitespace && c.peek() != '%' ? hostPort : null;
            }
        }
    }

    /**
     * The RI's test for an IPv6 address written without brackets: two colons in what comes before
     * the first {@code ?} or {@code ;} (of the text up to the first comma). The RI reads such a
     * host differently, so the line goes to it. Read in place: this runs for every host.
     */
    static boolean unbracketedIpv6(LineCursor c) {
        int from = c.position();
        int end = c.length();
        int comma = c.indexOf(',', from, end);
        if (comma >= 0) {
            end = comma;
        }
        int question = c.indexOf('?', from, end);
        int semicolon = c.indexOf(';', from, end);
        int cut = question < 0 || (semicolon >= 0 && question > semicolon) ? semicolon : question;
        if (cut >= 0) {
            end = cut;
        }
        int first = c.indexOf(':', from, end);
        return first >= 0 && c.indexOf(':', first + 1, end) >= 0;
    }

    /** A name-addr: {@code <uri>} with an optional display name, quoted or a run of tokens. */
    static AddressImpl nameAddr(LineCursor c) {
        // the RI tells name-addr from addr-spec by which of < " : / comes first
        int first = c.indexOfAny("<\":/");
        if (first < 0 || c.charAt(first) == ':' || c.charAt(first) == '/') {
            return null;
        }
        AddressImpl address = new AddressImpl();
        address.setAddressType(AddressImpl.NAME_ADDR);
        if (!c.accept('<')) {
            String name;
            if (c.peek() == '"') {
                name = c.quotedString();
                if (name == null) {
                    return null;
                }
                c.skipSpaceAndTab();
            } else {
                name = displayNameTokens(c);
                if (name == null) {
                    return null;
                }
            }
            address.setDisplayName(name.trim());
            if (!c.accept('<')) {
                return null;
            }
        }
        c.skipSpaceAndTab();
        SipUri uri = sipUri(c);
        if (uri == null) {
            return null;
        }
        address.setAddressType(AddressImpl.NAME_ADDR);
        address.setURI(uri);
        c.skipSpaceAndTab();
        return c.accept('>') ? address : null;
    }

    /** An unquoted display name: tokens and spaces up to the {@code <}. */
    private static String displayNameTokens(LineCursor c) {
        int start = c.position();
        while (c.peek() != '<') {
            char ch = c.peek();
            if (!SipChars.token(ch) && ch != ' ' && ch != '\t') {
                return null;
            }
            c.skip(1);
        }
        return c.slice(start, c.position());
    }

    /**
     * After a name-addr: {@code ;name[=value]} parameters, set as the RI's {@code ParametersParser}
     * sets them. False where the RI would read something else (a token right after the address).
     */
    static boolean addressParameters(LineCursor c, ParametersHeader header) {
        c.skipSpaceAndTab();
        return !SipChars.token(c.peek()) && parameters(c, header);
    }

    /** {@code ;name[=value]} parameters; false at one the fast path does not read. */
    static boolean parameters(LineCursor c, ParametersHeader header) {
        return parameters(c, header, AddressScanner::parameter);
    }

    /**
     * {@code ;name[=value]} parameters, each read by {@code reader} after its {@code ;} (a Via's
     * are read differently); false at one the reader refuses.
     */
    static boolean parameters(LineCursor c, ParametersHeader header, Function<LineCursor, NameValue> reader) {
        c.skipSpaceAndTab();
        while (c.accept(';')) {
            c.skipSpaceAndTab();
            NameValue nameValue = reader.apply(c);
            if (nameValue == null) {
                return false;
            }
            header.setParameter(nameValue);
            c.skipSpaceAndTab();
        }
        return true;
    }

    private static NameValue parameter(LineCursor c) {
        String name = c.token();
        if (name == null) {
            return null;
        }
        c.skipSpaceAndTab();
        if (!c.accept('=')) {
            return new NameValue(name, "", true);
        }
        c.skipSpaceAndTab();
        if (c.peek() == '"') {
            return quotedValue(c, name);
        }
        String value = c.token();
        return value == null ? null : new NameValue(name, value, false);
    }

    /** At a {@code "}: the parameter {@code name} with the quoted value, marked quoted; null if unterminated. */
    static NameValue quotedValue(LineCursor c, String name) {
        String value = c.quotedString();
        if (value == null) {
            return null;
        }
        NameValue quoted = new NameValue(name, value, false);
        quoted.setQuotedValue();
        return quoted;
    }
}
