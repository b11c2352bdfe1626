package io.trunkroute.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The RI's own log lines as the node writes them. */
class Slf4jStackLoggerTest {

    private final Logger jain = (Logger) LoggerFactory.getLogger(Slf4jStackLogger.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level before;

    @BeforeEach
    void capture() {
        before = jain.getLevel();
        jain.setLevel(Level.DEBUG);
        lines.start();
        jain.addAppender(lines);
    }

    @AfterEach
    void release() {
        jain.detachAppender(lines);
        jain.setLevel(before);
    }

    @Test
    void aRequestTheStackWentNoFurtherWithIsDebugNotAWarning() {
        // UDPMessageChannel's words for a request a valve absorbed (a repeat, a copy of an answered INVITE)
        new Slf4jStackLogger().logWarning("Null request interface returned -- dropping request");

        assertThat(lines.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(e.getFormattedMessage()).startsWith("Null request interface returned");
        });
    }

    @Test
    void otherWarningsStayWarnings() {
        new Slf4jStackLogger().logWarning("could not send response");

        assertThat(lines.list).singleElement().satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
    }
}
