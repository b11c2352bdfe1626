package io.trunkroute.sip.stack;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every SIP message the stack sends or receives to the {@value #LOGGER_NAME} logger at
 * DEBUG (a "SIP trace"). Messages carry digest responses, never passwords: the password only
 * ever enters a hash. Installed through {@code gov.nist.javax.sip.SERVER_LOGGER}.
 */
public final class Slf4jServerLogger implements ServerLogger {

    static final String LOGGER_NAME = "io.trunkroute.sip.wire";

    private final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

    public Slf4jServerLogger() {
    }

    @Override
    public void closeLogFile() {
        // Nothing to close: output belongs to the SLF4J backend.
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        logMessage(message, from, to, null, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        logMessage(message, from, to, status, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        if (log.isDebugEnabled()) {
            log.debug("{} {} -> {}{}\n{}", sender ? "sent" : "received", from, to,
                    status == null ? "" : " (" + status + ")", message.encode());
        }
    }

    @Override
    public void logException(Exception ex) {
        log.warn("SIP stack exception", ex);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // Levels come from the SLF4J backend's configuration.
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // Not needed: messages are encoded on demand.
    }
}
