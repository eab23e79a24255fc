package org.activityloader.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything the JVM logs (every logger at DEBUG) and prints to System.out / System.err while it
 * is open, for tests that must prove some text never appears. The console appenders are detached
 * meanwhile (DEBUG from an in-process broker is a flood); levels, appenders and streams are
 * restored on close.
 */
public final class LogCapture implements AutoCloseable {
    private static final int MAX_KEPT_CHARS = 32 << 20;

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Map<Logger, Level> levels = new HashMap<>();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final StringBuilder kept = new StringBuilder();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final AppenderBase<ILoggingEvent> appender;
    private final List<String> watched;
    private final List<String> hits = new ArrayList<>();
    private long events;
    private long chars;

    private LogCapture(List<String> watched) {
        this.watched = List.copyOf(watched);
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                StringBuilder line = new StringBuilder().append(e.getLevel()).append(' ').append(e.getLoggerName())
                        .append(" - ").append(e.getFormattedMessage());
                if (e.getArgumentArray() != null) {
                    for (Object arg : e.getArgumentArray()) {
                        line.append(" | arg: ").append(arg);
                    }
                }
                if (!e.getMDCPropertyMap().isEmpty()) {
                    line.append(" | mdc: ").append(e.getMDCPropertyMap());
                }
                if (e.getThrowableProxy() != null) {
                    line.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
                }
                line.append('\n');
                events++;
                chars += line.length();
                String text = line.toString();
                for (String s : watched) {
                    if (text.contains(s) && hits.size() < 20) {
                        hits.add(text);
                    }
                }
                if (kept.length() + line.length() <= MAX_KEPT_CHARS) {
                    kept.append(line);
                }
            }
        };
    }

    /**
     * Starts capturing: every logger at DEBUG, console appenders detached, System.out/err teed.
     *
     * @param watched texts looked for in every log event as it happens (all of them, even past
     *                the kept text's cap), see {@link #hits}
     */
    public static LogCapture start(List<String> watched) {
        LogCapture c = new LogCapture(watched);
        c.appender.setContext(c.context);
        c.appender.setName("log-capture");
        c.appender.start();
        Logger root = c.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            c.detached.add(it.next());
        }
        c.detached.forEach(root::detachAppender);
        root.addAppender(c.appender);
        for (Logger logger : c.context.getLoggerList()) {
            if (logger.getLevel() != null) {
                c.levels.put(logger, logger.getLevel());
                logger.setLevel(Level.DEBUG);
            }
        }
        root.setLevel(Level.DEBUG);
        System.setOut(new PrintStream(tee(c.originalOut, c.printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(c.originalErr, c.printed), true, StandardCharsets.UTF_8));
        return c;
    }

    private static OutputStream tee(OutputStream a, ByteArrayOutputStream b) {
        return new OutputStream() {
            @Override
            public void write(int x) {
                synchronized (b) {
                    b.write(x);
                }
                try {
                    a.write(x);
                } catch (java.io.IOException ignored) {
                    // the console is best effort
                }
            }

            @Override
            public void write(byte[] buf, int off, int len) {
                synchronized (b) {
                    b.write(buf, off, len);
                }
                try {
                    a.write(buf, off, len);
                } catch (java.io.IOException ignored) {
                    // the console is best effort
                }
            }
        };
    }

    /** The log events so far, one rendered line (plus stack trace) each. */
    public String logs() {
        synchronized (appender) {
            return kept.toString();
        }
    }

    /** What was printed to System.out and System.err directly (not through a logger). */
    public String printed() {
        synchronized (printed) {
            return printed.toString(StandardCharsets.UTF_8);
        }
    }

    /** Log events (rendered) that contained a watched text; at most 20. */
    public List<String> hits() {
        synchronized (appender) {
            return List.copyOf(hits);
        }
    }

    /** True if every event is in {@link #logs} (none dropped past the cap). */
    public boolean complete() {
        return chars == kept.length();
    }

    public long events() {
        return events;
    }

    public long chars() {
        return chars;
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        levels.forEach(Logger::setLevel);
        root.setLevel(levels.getOrDefault(root, Level.WARN));
        root.detachAppender(appender);
        appender.stop();
        detached.forEach(root::addAppender);
    }
}
