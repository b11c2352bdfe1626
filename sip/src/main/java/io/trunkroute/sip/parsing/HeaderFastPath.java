package io.trunkroute.sip.parsing;

import gov.nist.core.HostPort;
import gov.nist.core.NameValue;
import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.header.AddressParametersHeader;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.ContentType;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.header.Protocol;
import gov.nist.javax.sip.header.RecordRoute;
import gov.nist.javax.sip.header.RecordRouteList;
import gov.nist.javax.sip.header.Route;
import gov.nist.javax.sip.header.RouteList;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.SIPHeaderList;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.header.ViaList;
import gov.nist.javax.sip.message.SIPRequest;
import java.text.ParseException;
import java.util.function.Supplier;
import javax.sip.InvalidArgumentException;

/**
 * The headers every call's messages carry, read without the RI's lexer: Via, From, To, Contact,
 * Route, Record-Route, Call-ID, CSeq, Max-Forwards, Content-Length and Content-Type, long or
 * compact names. Each is
 * built through the RI's own setters with the values its parser would pass (see
 * {@link AddressScanner}); a line outside the subset read here returns null and is parsed by the
 * RI, errors included.
 */
final class HeaderFastPath {

    private HeaderFastPath() {
    }

    /** The header of one (unfolded, end-trimmed) line, or null to leave it to the RI. */
    static SIPHeader parse(String line) {
        if (!SipChars.printable(line)) {
            return null;
        }
        LineCursor c = new LineCursor(line);
        String name = c.token();
        if (name == null) {
            return null;
        }
        c.skipSpaceAndTab();
        if (!c.accept(':')) {
            return null;
        }
        c.skipSpaceAndTab();
        try {
            return switch (kind(name)) {
                case VIA -> via(c);
                case FROM -> addressHeader(c, new From());
                case TO -> addressHeader(c, new To());
                case CONTACT -> c.peek() == '*' ? null : addressList(c, new ContactList(), Contact::new);
                case ROUTE -> addressList(c, new RouteList(), Route::new);
                case RECORD_ROUTE -> addressList(c, new RecordRouteList(), RecordRoute::new);
                case CALL_ID -> callId(c);
                case CSEQ -> cseq(c);
                case MAX_FORWARDS -> maxForwards(c);
                case CONTENT_LENGTH -> contentLength(c);
                case CONTENT_TYPE -> contentType(c);
                case OTHER -> null;
            };
        } catch (ParseException | InvalidArgumentException e) {
            return null; // a value the RI's setter refuses: its parser reports it
        }
    }

    private enum Kind {
        VIA, FROM, TO, CONTACT, ROUTE, RECORD_ROUTE, CALL_ID, CSEQ, MAX_FORWARDS, CONTENT_LENGTH, CONTENT_TYPE, OTHER
    }

    private static Kind kind(String name) {
        switch (name.length()) {
            case 1 -> {
                return switch (Character.toLowerCase(name.charAt(0))) {
                    case 'v' -> Kind.VIA;
                    case 'f' -> Kind.FROM;
                    case 't' -> Kind.TO;
                    case 'm' -> Kind.CONTACT;
                    case 'i' -> Kind.CALL_ID;
                    case 'l' -> Kind.CONTENT_LENGTH;
                    case 'c' -> Kind.CONTENT_TYPE;
                    default -> Kind.OTHER;
                };
            }
            case 2 -> {
                return name.equalsIgnoreCase("To") ? Kind.TO : Kind.OTHER;
            }
            case 3 -> {
                return name.equalsIgnoreCase("Via") ? Kind.VIA : Kind.OTHER;
            }
            case 5 -> {
                return name.equalsIgnoreCase("Route") ? Kind.ROUTE : Kind.OTHER;
            }
            case 4 -> {
                return name.equalsIgnoreCase("From") ? Kind.FROM
                        : name.equalsIgnoreCase("CSeq") ? Kind.CSEQ : Kind.OTHER;
            }
            case 7 -> {
                return name.equalsIgnoreCase("Call-ID") ? Kind.CALL_ID
                        : name.equalsIgnoreCase("Contact") ? Kind.CONTACT : Kind.OTHER;
            }
            case 12 -> {
                return name.equalsIgnoreCase("Max-Forwards") ? Kind.MAX_FORWARDS
                        : name.equalsIgnoreCase("Content-Type") ? Kind.CONTENT_TYPE
                        : name.equalsIgnoreCase("Record-Route") ? Kind.RECORD_ROUTE : Kind.OTHER;
            }
            case 14 -> {
                return name.equalsIgnoreCase("Content-Length") ? Kind.CONTENT_LENGTH : Kind.OTHER;
            }
            default -> {
                return Kind.OTHER;
            }
        }
    }

    /** Via: one or more comma-separated values, as {@code ViaParser} reads them. */
    private static SIPHeader via(LineCursor c) throws ParseException {
        ViaList list = new ViaList();
        do {
            Via via = new Via();
            String protocolName = c.token();
            c.skipSpaceAndTab();
            if (protocolName == null || !c.accept('/')) {
                return null;
            }
            c.skipSpaceAndTab();
            String version = c.token();
            c.skipSpaceAndTab();
            if (version == null || !c.accept('/')) {
                return null;
            }
            c.skipSpaceAndTab();
            String transport = c.token();
            if (transport == null) {
                return null;
            }
            c.skipSpaceAndTab();
            Protocol protocol = new Protocol();
            protocol.setProtocolName(protocolName);
            protocol.setProtocolVersion(version);
            protocol.setTransport(transport);
            via.setSentProtocol(protocol);
            HostPort sentBy = AddressScanner.hostPort(c, true);
            if (sentBy == null) {
                return null;
            }
            via.setSentBy(sentBy);
            if (!AddressScanner.parameters(c, via, HeaderFastPath::viaParameter)) {
                return null;
            }
            if (c.peek() == '(') {
                return null; // a comment
            }
            list.add(via);
            c.skipSpaceAndTab();
            if (c.accept(',')) {
                c.skipSpaceAndTab();
            }
        } while (!c.atEnd());
        return list;
    }

    /**
     * A Via parameter as {@code ViaParser.nameValue} reads it: the name lower-cased (with the
     * default locale, as the RI does, so that both parsers agree), received= up to the next
     * {@code ;} or {@code ,}, a branch with a value.
     */
    @SuppressWarnings("StringToLowerCaseWithoutLocale")
    private static NameValue viaParameter(LineCursor c) {
        String name = c.token();
        if (name == null) {
            return null;
        }
        c.skipSpaceAndTab();
        if (!c.accept('=')) {
            return name.equalsIgnoreCase("branch") ? null : new NameValue(name.toLowerCase(), null);
        }
        c.skipSpaceAndTab();
        if (name.equalsIgnoreCase("received")) {
            return new NameValue(name.toLowerCase(), c.until(';', ','));
        }
        if (c.peek() == '"') {
            return AddressScanner.quotedValue(c, name.toLowerCase());
        }
        String value = c.token();
        return value == null ? null : new NameValue(name.toLowerCase(), value);
    }

    /** From and To: a name-addr and its parameters, alone on the line. */
    private static SIPHeader addressHeader(LineCursor c, AddressParametersHeader header) throws ParseException {
        return nameAddrWithParameters(c, header) && c.atEnd() ? header : null;
    }

    /**
     * Contact, Route and Record-Route: comma-separated name-addrs with their parameters, as
     * {@code ContactParser} and {@code RouteParser} read them (a Contact of {@code *} is not read).
     */
    private static <H extends AddressParametersHeader> SIPHeader addressList(
            LineCursor c, SIPHeaderList<H> list, Supplier<H> element) throws ParseException {
        while (true) {
            H header = element.get();
            if (!nameAddrWithParameters(c, header)) {
                return null;
            }
            list.add(header);
            c.skipSpaceAndTab();
            if (!c.accept(',')) {
                return c.atEnd() ? list : null;
            }
            c.skipSpaceAndTab();
        }
    }

    private static boolean nameAddrWithParameters(LineCursor c, AddressParametersHeader header) throws ParseException {
        AddressImpl address = AddressScanner.nameAddr(c);
        if (address == null) {
            return false;
        }
        header.setAddress(address);
        return AddressScanner.addressParameters(c, header);
    }

    private static SIPHeader callId(LineCursor c) throws ParseException {
        String id = c.restTrimmed();
        if (id.isEmpty()) {
            return null;
        }
        return new CachedCallId(id);
    }

    private static SIPHeader cseq(LineCursor c) throws ParseException, InvalidArgumentException {
        String number = c.digits();
        if (number == null) {
            return null;
        }
        c.skipSpaceAndTab();
        String method = c.token();
        c.skipSpaceAndTab();
        if (method == null || !c.atEnd()) {
            return null;
        }
        CSeq cseq = new CSeq();
        cseq.setSeqNumber(Long.parseLong(number));
        cseq.setMethod(SIPRequest.getCannonicalName(method).intern());
        return cseq;
    }

    private static SIPHeader maxForwards(LineCursor c) throws InvalidArgumentException {
        String number = number(c);
        if (number == null) {
            return null;
        }
        MaxForwards maxForwards = new MaxForwards();
        maxForwards.setMaxForwards(Integer.parseInt(number));
        return maxForwards;
    }

    private static SIPHeader contentLength(LineCursor c) throws InvalidArgumentException {
        String number = number(c);
        if (number == null) {
            return null;
        }
        ContentLength contentLength = new ContentLength();
        contentLength.setContentLength(Integer.parseInt(number));
        return contentLength;
    }

    /** A number alone on the rest of the line. */
    private static String number(LineCursor c) {
        String number = c.digits();
        c.skipSpaceAndTab();
        return number != null && c.atEnd() ? number : null;
    }

    private static SIPHeader contentType(LineCursor c) throws ParseException {
        String type = c.token();
        c.skipSpaceAndTab();
        if (type == null || !c.accept('/')) {
            return null;
        }
        String subType = c.token();
        if (subType == null) {
            return null;
        }
        c.skipSpaceAndTab();
        ContentType contentType = new ContentType();
        contentType.setContentType(type);
        contentType.setContentSubType(subType);
        return AddressScanner.parameters(c, contentType) && c.atEnd() ? contentType : null;
    }
}
