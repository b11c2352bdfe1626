package io.trunkroute.sip.parsing;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;

/**
 * A request line with a SIP URI and a status line, read without the RI's lexer and built as its
 * {@code RequestLineParser} and {@code StatusLineParser} build them; anything else is left to them.
 */
final class FirstLineFastPath {

    private static final String VERSION = "SIP/2.0";

    private FirstLineFastPath() {
    }

    /** The message a first line starts, or null to leave the line to the RI. */
    static SIPMessage parse(String line) {
        if (!SipChars.printable(line)) {
            return null;
        }
        try {
            return line.startsWith(VERSION) ? response(new LineCursor(line)) : request(new LineCursor(line));
        } catch (ParseException e) {
            return null;
        }
    }

    private static SIPMessage request(LineCursor c) {
        String method = c.token();
        if (method == null) {
            return null;
        }
        c.skipSpaceAndTab();
        SipUri uri = AddressScanner.sipUri(c);
        if (uri == null) {
            return null;
        }
        c.skipSpaceAndTab();
        if (!c.accept(VERSION)) {
            return null;
        }
        c.skipSpaceAndTab();
        if (!c.atEnd()) {
            return null;
        }
        RequestLine requestLine = new RequestLine();
        requestLine.setMethod(method);
        requestLine.setUri(uri);
        requestLine.setSipVersion(VERSION);
        SIPRequest request = new SIPRequest();
        request.setRequestLine(requestLine);
        return request;
    }

    private static SIPMessage response(LineCursor c) throws ParseException {
        c.accept(VERSION);
        if (c.peek() != ' ' && c.peek() != '\t') {
            return null;
        }
        c.skipSpaceAndTab();
        String code = c.digits();
        if (code == null) {
            return null;
        }
        c.skipSpaceAndTab();
        StatusLine statusLine = new StatusLine();
        statusLine.setSipVersion(VERSION);
        statusLine.setStatusCode(Integer.parseInt(code));
        statusLine.setReasonPhrase(c.restTrimmed());
        SIPResponse response = new SIPResponse();
        response.setStatusLine(statusLine);
        return response;
    }
}
