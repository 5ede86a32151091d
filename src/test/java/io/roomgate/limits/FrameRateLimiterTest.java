package io.roomgate.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.limits.FrameRateLimiter.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame limit's arithmetic on a made-up clock (nanoseconds). */
class FrameRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void a_burst_is_taken_whole_then_frames_pass_at_the_refill_rate() {
        var limiter = new FrameRateLimiter(50, 100, 500, 0);
        assertThat(offers(limiter, 100, 0)).containsOnly(Verdict.ACCEPT);
        assertThat(limiter.offer(0)).isEqualTo(Verdict.DROP_AND_ANSWER);
        assertThat(limiter.offer(SECOND / 50)).as("one token back after 20 ms").isEqualTo(Verdict.ACCEPT);
        assertThat(limiter.offer(SECOND / 50)).isNotEqualTo(Verdict.ACCEPT);
    }

    @Test
    void only_the_first_drop_of_each_second_is_answered() {
        var limiter = new FrameRateLimiter(50, 100, 500, 0);
        offers(limiter, 100, 0);
        assertThat(offers(limiter, 5, 0)).containsExactly(
                Verdict.DROP_AND_ANSWER, Verdict.DROP, Verdict.DROP, Verdict.DROP, Verdict.DROP);
        offers(limiter, 50, SECOND);
        assertThat(limiter.offer(SECOND)).isEqualTo(Verdict.DROP_AND_ANSWER);
    }

    @Test
    void more_than_the_allowed_drops_within_ten_seconds_closes_even_across_seconds() {
        var limiter = new FrameRateLimiter(1, 1, 500, 0);
        int drops = 0;
        boolean closed = false;
        for (int i = 0; i < 520 && !closed; i++) {
            // spread over nine seconds: a window that restarted each second would never close
            var verdict = limiter.offer(i * (9 * SECOND / 520));
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
        var limiter = new FrameRateLimiter(1, 1, 500, 0);
        limiter.offer(0);
        offers(limiter, 400, 0);
        assertThat(offers(limiter, 400, 11 * SECOND)).doesNotContain(Verdict.CLOSE);
    }

    private static List<Verdict> offers(FrameRateLimiter limiter, int count, long at) {
        var verdicts = new ArrayList<Verdict>();
        for (int i = 0; i < count; i++) {
            verdicts.add(limiter.offer(at));
        }
        return verdicts;
    }
}
