package io.trunkroute.sip.parsing;

import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/** Gives the RI's stack {@link FastPathMessageParser} (property gov.nist.javax.sip.MESSAGE_PARSER_FACTORY). */
public class FastPathParserFactory implements MessageParserFactory {

    private static final FastPathMessageParser PARSER = new FastPathMessageParser();

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        return PARSER;
    }
}
