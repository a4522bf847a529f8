package dev.autotransfer.event;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Priority;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls several listeners in order for every hook, each guarded: one that throws is logged and the
 * others are still called. Made by {@link EngineListener#both}. Immutable; thread-safe when its
 * listeners are.
 */
public final class CompositeListener implements EngineListener {

    private static final Logger LOG = LoggerFactory.getLogger(CompositeListener.class);

    private final List<EngineListener> listeners;

    public CompositeListener(List<EngineListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(String hook, Consumer<EngineListener> call) {
        for (EngineListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("listener {} threw in {}: {}", listener.getClass().getName(), hook, e.toString());
            }
        }
    }

    @Override
    public void runJoined(long runId, LocalDate businessDate) {
        each("runJoined", l -> l.runJoined(runId, businessDate));
    }

    @Override
    public void claimed(String bankCode, Priority priority, int count) {
        each("claimed", l -> l.claimed(bankCode, priority, count));
    }

    @Override
    public void attemptStarted(AttemptKey key, TransferRequest request) {
        each("attemptStarted", l -> l.attemptStarted(key, request));
    }

    @Override
    public void resending(AttemptKey key) {
        each("resending", l -> l.resending(key));
    }

    @Override
    public void inquired(AttemptKey key, String answer) {
        each("inquired", l -> l.inquired(key, answer));
    }

    @Override
    public void notSent(Occurrence occurrence, String bankCode, String reason, Duration retryAfter) {
        each("notSent", l -> l.notSent(occurrence, bankCode, reason, retryAfter));
    }

    @Override
    public void recorded(AttemptKey key, EventType type, String code) {
        each("recorded", l -> l.recorded(key, type, code));
    }

    @Override
    public void fenced(Occurrence occurrence, String why) {
        each("fenced", l -> l.fenced(occurrence, why));
    }

    @Override
    public void alarm(Alarm alarm) {
        each("alarm", l -> l.alarm(alarm));
    }
}
