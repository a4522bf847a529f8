package dev.autotransfer.engine;

import dev.autotransfer.event.Alarm;
import dev.autotransfer.event.EngineListener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.spi.AlarmStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlarmRecorderTest {

    private static final Instant AT = Instant.parse("2026-11-25T00:30:00Z");

    /** A store that records what it receives, optionally blocking each call until released. */
    private static final class FakeStore implements AlarmStore {
        final List<String> rows = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;
        volatile boolean failing;

        FakeStore(boolean blocking) {
            this.release = new CountDownLatch(blocking ? 1 : 0);
        }

        @Override
        public void record(Alarm alarm, String nodeId, Long runId) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing) {
                throw new IllegalStateException("store down");
            }
            rows.add(alarm.detail() + "@" + nodeId + "/" + runId);
        }

        @Override
        public List<StoredAlarm> list(Instant since, int limit) {
            return List.of();
        }
    }

    private static Alarm alarm(String detail) {
        return new Alarm(Alarm.Kind.NODE_LOST, AT, null, null, detail);
    }

    @Test
    void records_every_alarm_with_node_and_run_and_close_drains_the_queue() {
        FakeStore store = new FakeStore(false);
        AlarmRecorder recorder = AlarmRecorder.create(store, "node-1");
        recorder.alarm(alarm("before any run"));
        recorder.runJoined(42, LocalDate.of(2026, 11, 25));
        for (int i = 0; i < 50; i++) {
            recorder.alarm(alarm("a" + i));
        }

        recorder.close();

        assertThat(store.rows).hasSize(51).startsWith("before any run@node-1/null").contains("a49@node-1/42");
        assertThat(recorder.recorded()).isEqualTo(51);
        assertThat(recorder.dropped()).isZero();
        recorder.alarm(alarm("after close"));
        assertThat(recorder.dropped()).isEqualTo(1);
    }

    @Test
    void a_full_queue_drops_and_counts_without_blocking_the_caller() throws InterruptedException {
        FakeStore store = new FakeStore(true);
        AlarmRecorder recorder = new AlarmRecorder(store, "node-1", 2, Duration.ofSeconds(10));
        recorder.alarm(alarm("taken by the drain thread"));
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 5; i++) {
            recorder.alarm(alarm("queued or dropped " + i));
        }
        assertThat(recorder.dropped()).isEqualTo(3);
        store.release.countDown();
        recorder.close();

        assertThat(store.rows).hasSize(3);
        assertThat(recorder.recorded()).isEqualTo(3);
    }

    @Test
    void a_failing_store_never_reaches_the_engine() {
        FakeStore store = new FakeStore(false);
        store.failing = true;
        AlarmRecorder recorder = AlarmRecorder.create(store, null);
        recorder.alarm(alarm("lost"));
        recorder.alarm(null);
        recorder.close();

        assertThat(recorder.failed()).isEqualTo(1);
        assertThat(store.rows).isEmpty();
    }

    @Test
    void both_calls_each_listener_even_when_the_first_throws() {
        List<String> calls = new CopyOnWriteArrayList<>();
        EngineListener throwing = new EngineListener() {
            @Override
            public void alarm(Alarm alarm) {
                calls.add("first");
                throw new IllegalStateException("boom");
            }
        };
        EngineListener second = new EngineListener() {
            @Override
            public void alarm(Alarm alarm) {
                calls.add("second");
            }

            @Override
            public void runJoined(long runId, LocalDate businessDate) {
                calls.add("joined " + runId);
            }
        };
        EngineListener both = EngineListener.both(throwing, second);

        both.alarm(alarm("x"));
        both.runJoined(3, LocalDate.of(2026, 11, 25));

        assertThat(calls).containsExactly("first", "second", "joined 3");
        assertThatThrownBy(() -> EngineListener.both(null, second)).isInstanceOf(NullPointerException.class)
                .hasMessage("first");
    }

    @Test
    void bad_settings_name_the_field_and_value() {
        FakeStore store = new FakeStore(false);
        assertThatThrownBy(() -> new AlarmRecorder(store, "n", 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be 1..100000 alarms, was 0");
        assertThatThrownBy(() -> new AlarmRecorder(store, "n", 1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("closeTimeout must not be negative, was PT-1S");
    }
}
