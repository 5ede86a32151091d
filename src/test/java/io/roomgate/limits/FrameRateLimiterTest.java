package io.roomgate.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.limits.FrameRateLimiter.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame limit's arithmetic on a made-up clock (nanoseconds). */
class FrameRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    /** A frame far below the byte limit: these tests are about frame counts. */
    private static final long FRAME = 100;

    /** A frame limit whose byte limit no test of frame counts reaches. */
    private static FrameRateLimiter limiter(int perSecond, int burst, int maxDrops) {
        return new FrameRateLimiter(new Rate(perSecond, burst), new Rate(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4), maxDrops, 0);
    }

    @Test
    void bytes_beyond_the_byte_burst_are_dropped_then_pass_at_the_byte_rate_and_the_drop_says_so() {
        var limiter = new FrameRateLimiter(new Rate(1000, 1000), new Rate(256 * 1024, 1024 * 1024), 500, 0);
        assertThat(limiter.offer(0, 1024 * 1024)).isEqualTo(Verdict.ACCEPT);
        assertThat(limiter.offer(0, 64 * 1024)).isEqualTo(Verdict.DROP_AND_ANSWER);
        assertThat(limiter.lastDrop().limit()).isEqualTo("bytes-per-second");
        assertThat(limiter.lastDrop().retryAfterMillis()).as("64 KiB at 256 KiB/s").isBetween(250L, 251L);
        assertThat(limiter.offer(SECOND / 4, 64 * 1024)).as("64 KiB back after 250 ms").isEqualTo(Verdict.ACCEPT);
        assertThat(limiter.offer(SECOND / 4, 1)).isEqualTo(Verdict.DROP);
    }

    @Test
    void a_frame_dropped_for_the_frame_count_says_when_the_next_frame_is_due() {
        var limiter = limiter(50, 1, 500);
        limiter.offer(0, FRAME);
        assertThat(limiter.offer(0, FRAME)).isEqualTo(Verdict.DROP_AND_ANSWER);
        assertThat(limiter.lastDrop().limit()).isEqualTo("frames-per-second");
        assertThat(limiter.lastDrop().retryAfterMillis()).as("one frame at 50/s").isBetween(20L, 21L);
    }

    @Test
    void a_burst_is_taken_whole_then_frames_pass_at_the_refill_rate() {
        var limiter = limiter(50, 100, 500);
        assertThat(offers(limiter, 100, 0)).containsOnly(Verdict.ACCEPT);
        assertThat(limiter.offer(0, FRAME)).isEqualTo(Verdict.DROP_AND_ANSWER);
        assertThat(limiter.offer(SECOND / 50, FRAME)).as("one token back after 20 ms").isEqualTo(Verdict.ACCEPT);
        assertThat(limiter.offer(SECOND / 50, FRAME)).isNotEqualTo(Verdict.ACCEPT);
    }

    @Test
    void only_the_first_drop_of_each_second_is_answered() {
        var limiter = limiter(50, 100, 500);
        offers(limiter, 100, 0);
        assertThat(offers(limiter, 5, 0)).containsExactly(
                Verdict.DROP_AND_ANSWER, Verdict.DROP, Verdict.DROP, Verdict.DROP, Verdict.DROP);
        offers(limiter, 50, SECOND);
        assertThat(limiter.offer(SECOND, FRAME)).isEqualTo(Verdict.DROP_AND_ANSWER);
    }

    @Test
    void more_than_the_allowed_drops_within_ten_seconds_closes_even_across_seconds() {
        var limiter = limiter(1, 1, 500);
        int drops = 0;
        boolean closed = false;
        for (int i = 0; i < 520 && !closed; i++) {
            // spread over nine seconds: a window that restarted each second would never close
            var verdict = limiter.offer(i * (9 * SECOND / 520), FRAME);
            if (verdict == Verdict.CLOSE) {
                closed = true;
            } else if (verdict != Verdict.ACCEPT) {
                drops++;
            }
        }
        assertThat(closed).isTrue();
        assertThat(drops).isEqualTo(500);
    }

    @Test
    void drops_older_than_ten_seconds_no_longer_count() {
        var limiter = limiter(1, 1, 500);
        limiter.offer(0, FRAME);
        offers(limiter, 400, 0);
        assertThat(offers(limiter, 400, 11 * SECOND)).doesNotContain(Verdict.CLOSE);
    }

    private static List<Verdict> offers(FrameRateLimiter limiter, int count, long at) {
        var verdicts = new ArrayList<Verdict>();
        for (int i = 0; i < count; i++) {
            verdicts.add(limiter.offer(at, FRAME));
        }
        return verdicts;
    }
}
