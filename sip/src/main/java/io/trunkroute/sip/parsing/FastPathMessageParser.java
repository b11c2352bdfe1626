package io.trunkroute.sip.parsing;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.text.ParseException;

/**
 * The RI's message parser with a fast path for the lines every call carries (the first line and
 * the headers of {@link HeaderFastPath}). The RI runs a lexer over every line and builds each
 * header through a parser object of its own; for these lines the fast path builds the same objects
 * directly. Every other line, and every line the fast path does not take (anything unusual or
 * malformed), goes to the RI's parser as before, so its error handling (400 for a bad
 * message) is unchanged. Stateless: one instance serves all threads.
 */
public class FastPathMessageParser extends StringMsgParser {

    @Override
    protected SIPMessage processFirstLine(String firstLine, ParseExceptionListener listener, byte[] message)
            throws ParseException {
        SIPMessage fast = FirstLineFastPath.parse(firstLine);
        return fast != null ? fast : super.processFirstLine(firstLine, listener, message);
    }

    @Override
    protected void processHeader(String header, SIPMessage message, ParseExceptionListener listener, byte[] raw)
            throws ParseException {
        SIPHeader fast = header == null ? null : HeaderFastPath.parse(header);
        if (fast != null) {
            try {
                message.attachHeader(fast, false);
                return;
            } catch (ParseException duplicate) {
                // a second From, say: the RI's parser reports it the way it always has
            }
        }
        super.processHeader(header, message, listener, raw);
    }
}
