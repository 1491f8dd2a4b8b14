package dev.plimsoll.infra.kafka;

import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Keeps the in-process broker's own logging at WARN unless the application configured those loggers
 * itself.
 *
 * <p>A broker logs hundreds of INFO lines at start (every config value, every partition load);
 * inside a test run or the embedded app they drown everything else. Only logback (our SLF4J
 * provider) is adjusted, and only loggers without an explicit level, so a {@code logback.xml} entry
 * always wins. With another SLF4J provider nothing is changed.
 */
final class BrokerLogging {

    /** Loggers of the broker and controller (not the Kafka clients, which applications own). */
    static final List<String> BROKER_LOGGERS =
            List.of(
                    "kafka",
                    "state.change.logger",
                    "org.apache.kafka.controller",
                    "org.apache.kafka.coordinator",
                    "org.apache.kafka.image",
                    "org.apache.kafka.metadata",
                    "org.apache.kafka.network",
                    "org.apache.kafka.queue",
                    "org.apache.kafka.raft",
                    "org.apache.kafka.security",
                    "org.apache.kafka.server",
                    "org.apache.kafka.snapshot",
                    "org.apache.kafka.storage",
                    "org.apache.kafka.common.network",
                    "org.apache.kafka.common.utils.AppInfoParser");

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private BrokerLogging() {}

    static void quietUnlessConfigured() {
        if (LoggerFactory.getILoggerFactory().getClass().getName().equals(LOGBACK_CONTEXT)) {
            Logback.quiet();
        }
    }

    /** Separate class so that logback classes are only loaded when logback is the provider. */
    private static final class Logback {
        static void quiet() {
            var context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
            for (String name : BROKER_LOGGERS) {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(ch.qos.logback.classic.Level.WARN);
                }
            }
        }
    }
}
