package io.roomgate.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.auth.Identity;
import io.roomgate.permissions.Permissions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the token deadlines of 10,000 connections cost ({@code mvn test -Psoak}): arming and
 * re-arming (a refresh), heap per armed connection, the timer thread's CPU while nothing is due,
 * and firing every expiry at once. Uses the scheduler every server uses (one timer thread of its
 * own; on a server the thread comes from its managed thread factory). Figures go to
 * {@code target/soak/timer-overhead.md}; the assertions only check the work was done.
 */
@Tag("soak")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TimerOverheadTest {

    private static final int CONNECTIONS = 10_000;

    @Test
    void token_deadlines_of_ten_thousand_connections() throws Exception {
        var scheduler = new Scheduler();
        scheduler.start();
        try {
            var fired = new AtomicLong();
            var allExpired = new CountDownLatch(CONNECTIONS);
            TokenClock.Listener listener = new TokenClock.Listener() {
                @Override
                public void expiring(long exp) {
                    fired.incrementAndGet();
                }

                @Override
                public void expired(long exp) {
                    fired.incrementAndGet();
                    allExpired.countDown();
                }
            };
            long hourAway = Instant.now().getEpochSecond() + 3600;
            var warmUp = clocks(scheduler, listener);
            armAll(warmUp, hourAway);
            warmUp.forEach(TokenClock::cancel);
            var clocks = clocks(scheduler, listener);
            long heapUnarmed = settledHeapAfter(() -> { });
            long armNanos = armAll(clocks, hourAway);
            long heapArmed = settledHeapAfter(() -> { });
            long rearmNanos = armAll(clocks, hourAway + 60);
            long heapRearmed = settledHeapAfter(() -> { });

            Thread timer = timerThread();
            var threads = ManagementFactory.getThreadMXBean();
            long idleCpuBefore = threads.getThreadCpuTime(timer.getId());
            Thread.sleep(30_000);
            long idleCpu = threads.getThreadCpuTime(timer.getId()) - idleCpuBefore;

            long soon = Instant.now().getEpochSecond() + 2;
            armAll(clocks, soon);
            long fireCpuBefore = threads.getThreadCpuTime(timer.getId());
            assertThat(allExpired.await(60, TimeUnit.SECONDS)).isTrue();
            long lastFiredLateMillis = System.currentTimeMillis() - (soon + 5) * 1000L;
            long fireCpu = threads.getThreadCpuTime(timer.getId()) - fireCpuBefore;

            var report = new StringBuilder()
                    .append("# Timer overhead at ").append(CONNECTIONS).append(" connections\n\n")
                    .append("| Figure | Value |\n| --- | --- |\n")
                    .append(row("Arm a token's two deadlines (per connection)", String.format("%.2f µs", armNanos / 1e3 / CONNECTIONS)))
                    .append(row("Re-arm on refresh: cancel two, schedule two (per connection)", String.format("%.2f µs", rearmNanos / 1e3 / CONNECTIONS)))
                    .append(row("Heap per armed connection (two tasks)", (heapArmed - heapUnarmed) / CONNECTIONS + " bytes"))
                    .append(row("Heap per connection after a refresh (the cancelled tasks are gone)", (heapRearmed - heapUnarmed) / CONNECTIONS + " bytes"))
                    .append(row("Timer thread CPU over 30 s with nothing due", TimeUnit.NANOSECONDS.toMillis(idleCpu) + " ms"))
                    .append(row("Firing 20,000 deadlines at once: timer thread CPU", TimeUnit.NANOSECONDS.toMillis(fireCpu) + " ms ("
                            + String.format("%.1f µs", fireCpu / 1e3 / (2.0 * CONNECTIONS)) + " each)"))
                    .append(row("Last expiry ran after its deadline by", Math.max(0, lastFiredLateMillis) + " ms"));
            Path file = Path.of("target", "soak", "timer-overhead.md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report.toString());
            System.out.println(report);
            assertThat(fired.get()).isGreaterThanOrEqualTo(2L * CONNECTIONS);
        } finally {
            scheduler.stop();
        }
    }

    private static List<TokenClock> clocks(Scheduler scheduler, TokenClock.Listener listener) {
        List<TokenClock> clocks = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            clocks.add(new TokenClock(scheduler, Duration.ofSeconds(60), 5, 0, listener));
        }
        return clocks;
    }

    private static long armAll(List<TokenClock> clocks, long exp) {
        var identity = new Identity("u", "u", Set.of(), null, exp, "jti", exp - 600, true, Permissions.UNRESTRICTED, null, null);
        long start = System.nanoTime();
        for (TokenClock clock : clocks) {
            clock.arm(identity);
        }
        return System.nanoTime() - start;
    }

    private static Thread timerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("roomgate-timers"))
                .findFirst().orElseThrow();
    }

    private static long settledHeapAfter(Runnable change) throws InterruptedException {
        change.run();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static String row(String name, String value) {
        return "| " + name + " | " + value + " |\n";
    }
}
