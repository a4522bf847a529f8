package dev.autotransfer.internal.events;

import dev.autotransfer.event.Alarm;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Priority;
import java.time.Duration;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the user's listener and logs, never propagates, what it throws. Thread-safe if the delegate is. */
public final class SafeListener implements EngineListener {

    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

    private final EngineListener delegate;

    public SafeListener(EngineListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void runJoined(long runId, LocalDate businessDate) {
        try {
            delegate.runJoined(runId, businessDate);
        } catch (RuntimeException e) {
            LOG.warn("engine listener failed in runJoined: {}", e.toString());
        }
    }

    @Override
    public void claimed(String bankCode, Priority priority, int count) {
        try {
            delegate.claimed(bankCode, priority, count);
        } catch (RuntimeException e) {
            LOG.warn("engine listener failed in claimed: {}", e.toString());
        }
    }

    @Override
    public void attemptStarted(AttemptKey key, TransferRequest request) {
        try {
            delegate.attemptStarted(key, request);
        } catch (RuntimeException e) {
            LOG.warn("engine listener failed in attemptStarted: {}", e.toString());
        }
    }

    @Override
    public void resending(AttemptKey key) {
        try {
            delegate.resending(key);
        } catch (RuntimeException e) {
            LOG.warn("engine listener failed in resending: {}", e.toString());
        }
    }

    @Override
    public void inquired(AttemptKey key, String answer) {
        try {
            delegate.inquired(key, answer);
        } catch (RuntimeException e) {
            LOG.warn("engine listener failed in inquired: {}", e.toString());
        }
    }

    @Override
    public void notSent(Occurrence occurrence, String bankCode, String reason, Duration retryAfter) {
        try {
            delegate.notSent(occurrence, bankCode, reason, retryAfter);
        } catch (RuntimeException e) {
            LOG.warn("engine listener failed in notSent: {}", e.toString());
        }
    }

    @Override
    public void recorded(AttemptKey key, EventType type, String code) {
        try {
            delegate.recorded(key, type, code);
        } catch (RuntimeException e) {
            LOG.warn("engine listener failed in recorded: {}", e.toString());
        }
    }

    @Override
    public void fenced(Occurrence occurrence, String why) {
        try {
            delegate.fenced(occurrence, why);
        } catch (RuntimeException e) {
            LOG.warn("engine listener failed in fenced: {}", e.toString());
        }
    }

    @Override
    public void alarm(Alarm alarm) {
        try {
            delegate.alarm(alarm);
        } catch (RuntimeException e) {
            LOG.warn("engine listener failed in alarm: {}", e.toString());
        }
    }

}
