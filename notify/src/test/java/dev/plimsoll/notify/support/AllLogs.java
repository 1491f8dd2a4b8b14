package dev.plimsoll.notify.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Captures every log event of the JVM (the root logger, at every level the configuration lets
 * through — DEBUG for dev.plimsoll in tests) with the messages of attached exceptions, for tests
 * that prove secrets never reach the log. Infra's {@code CapturedLogs} watches one logger; this
 * watches them all.
 */
public final class AllLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public AllLogs() {
        appender.start();
        root.addAppender(appender);
    }

    /** Every message and exception message captured so far. */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        synchronized (appender.list) {
            for (ILoggingEvent e : appender.list) {
                out.add(e.getFormattedMessage());
                for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    out.add(t.getClassName() + ": " + t.getMessage());
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
