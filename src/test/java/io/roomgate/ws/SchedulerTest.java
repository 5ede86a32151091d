package io.roomgate.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection deadlines: what one deadline does cannot hold up or stop the others. */
class SchedulerTest {

    private final Scheduler scheduler = new Scheduler();
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() {
        scheduler.start();
        Logger.getLogger(Scheduler.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(Scheduler.class.getName()).removeHandler(capture);
        scheduler.stop();
    }

    @Test
    void a_deadline_that_blocks_does_not_hold_up_the_next_one() throws InterruptedException {
        var release = new CountDownLatch(1);
        var later = new CountDownLatch(1);
        scheduler.schedule(() -> awaitQuietly(release), Duration.ZERO);
        scheduler.schedule(later::countDown, Duration.ofMillis(50));
        try {
            assertThat(later.await(10, TimeUnit.SECONDS)).as("the second deadline ran while the first still blocked").isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void a_failing_deadline_is_logged_by_its_kind_alone_and_the_next_one_still_runs() throws InterruptedException {
        var later = new CountDownLatch(1);
        scheduler.schedule(() -> {
            throw new IllegalStateException("secret detail from deep inside");
        }, Duration.ZERO);
        scheduler.schedule(later::countDown, Duration.ofMillis(50));

        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(logged).singleElement().satisfies(record -> {
            assertThat(record.getMessage()).isEqualTo("A connection deadline failed: java.lang.IllegalStateException");
            assertThat(record.getThrown()).isNull();
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
