package io.trunkroute.sip.stack;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes JAIN-SIP's internal logging to SLF4J so that log4j 1.x (end of life, the stack's
 * default through {@code gov.nist.core.LogWriter}) never has to be on the classpath.
 * Installed through the stack property {@code gov.nist.javax.sip.STACK_LOGGER}; the stack
 * creates it reflectively, hence the public no-arg constructor.
 */
public final class Slf4jStackLogger implements StackLogger {

    static final String LOGGER_NAME = "io.trunkroute.sip.stack.jain";

    /**
     * The warning the RI gives for every request that goes no further than the stack: one a valve
     * absorbed (a repeat answered again by CompletedRequestValve, a copy of an answered INVITE) or a
     * repeat that came while its transaction was busy. That is retransmission doing its job, counted
     * by the valves; under overload it came thousands of times a second (449,698 lines in one
     * bench/calls run at 5,600 calls/s), and writing them made the overload worse. Logged at debug.
     */
    static final String DROPPED_REQUEST = "Null request interface returned";

    private final Logger log = LoggerFactory.getLogger(LOGGER_NAME);
    private volatile boolean enabled = true;

    public Slf4jStackLogger() {
    }

    @Override
    public void logStackTrace() {
        logStackTrace(TRACE_DEBUG);
    }

    @Override
    public void logStackTrace(int traceLevel) {
        if (isLoggingEnabled(traceLevel)) {
            log.debug("stack trace requested by the SIP stack", new Throwable("stack trace"));
        }
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        if (enabled) {
            log.warn("SIP stack exception", ex);
        }
    }

    @Override
    public void logDebug(String message) {
        if (enabled) {
            log.debug(message);
        }
    }

    @Override
    public void logDebug(String message, Exception ex) {
        if (enabled) {
            log.debug(message, ex);
        }
    }

    @Override
    public void logTrace(String message) {
        if (enabled) {
            log.trace(message);
        }
    }

    @Override
    public void logFatalError(String message) {
        if (enabled) {
            log.error(message);
        }
    }

    @Override
    public void logError(String message) {
        if (enabled) {
            log.error(message);
        }
    }

    @Override
    public void logError(String message, Exception ex) {
        if (enabled) {
            log.error(message, ex);
        }
    }

    @Override
    public void logWarning(String message) {
        if (enabled) {
            if (message.startsWith(DROPPED_REQUEST)) {
                log.debug(message);
            } else {
                log.warn(message);
            }
        }
    }

    @Override
    public void logInfo(String message) {
        if (enabled) {
            log.info(message);
        }
    }

    @Override
    public boolean isLoggingEnabled() {
        return enabled;
    }

    /** The stack asks before building expensive messages; answer from SLF4J's levels. */
    @Override
    public boolean isLoggingEnabled(int logLevel) {
        if (!enabled) {
            return false;
        }
        if (logLevel >= TRACE_TRACE) {
            return log.isTraceEnabled();
        }
        if (logLevel >= TRACE_DEBUG) {
            return log.isDebugEnabled();
        }
        if (logLevel >= TRACE_INFO) {
            return log.isInfoEnabled();
        }
        if (logLevel >= TRACE_WARN) {
            return log.isWarnEnabled();
        }
        return logLevel > TRACE_NONE && log.isErrorEnabled();
    }

    @Override
    public void disableLogging() {
        enabled = false;
    }

    @Override
    public void enableLogging() {
        enabled = true;
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        log.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // Levels come from the SLF4J backend's configuration, not from stack properties.
    }

    @Override
    public String getLoggerName() {
        return LOGGER_NAME;
    }
}
