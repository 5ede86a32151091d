package io.roomgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading {@code jcmd GC.class_histogram} as JDK 17 prints it. */
class HeapHistogramTest {

    private static final String BEFORE = """
            4242:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         26581        2346680  [B (java.base@17.0.15)
               2:          5227         620048  java.lang.Class (java.base@17.0.15)
               3:           100           4000  io.undertow.websockets.core.WebSocketChannel (io.undertow.core@2.3.20.Final)
            Total         31908        2970728
            """;

    private static final String AFTER = """
            4242:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         36581        3346680  [B (java.base@17.0.15)
               2:          5227         620048  java.lang.Class (java.base@17.0.15)
               3:         10100         404000  io.undertow.websockets.core.WebSocketChannel (io.undertow.core@2.3.20.Final)
               4:         10000         240000  io.roomgate.rooms.Outbox
               5:            10            400  io.roomgate.rooms.Outbox
            Total         61918        4611128
            """;

    @Test
    void growth_is_the_difference_of_the_totals() {
        assertThat(HeapHistogram.parse(AFTER).growthSince(HeapHistogram.parse(BEFORE))).isEqualTo(4611128 - 2970728);
    }

    @Test
    void one_package_s_growth_counts_its_rows_new_since_and_gone_since() {
        var before = new HeapHistogram(Map.of("io.roomgate.A", 500L, "io.roomgate.Gone", 300L, "org.other.B", 7L), 807);
        var after = new HeapHistogram(Map.of("io.roomgate.A", 900L, "io.roomgate.New", 100L, "org.other.B", 70L), 1070);

        assertThat(after.growthSince(before, "io.roomgate.")).isEqualTo(400 + 100 - 300);
        assertThat(after.growthSince(before, "org.other.")).isEqualTo(63);
    }

    @Test
    void the_classes_that_grew_most_come_first_and_one_class_loaded_twice_counts_once() {
        var growth = HeapHistogram.parse(AFTER).largestGrowthSince(HeapHistogram.parse(BEFORE), 3);

        assertThat(growth).containsExactly(
                new HeapHistogram.Growth("[B", 1_000_000),
                new HeapHistogram.Growth("io.undertow.websockets.core.WebSocketChannel", 400_000),
                new HeapHistogram.Growth("io.roomgate.rooms.Outbox", 240_400));
    }

    @Test
    void output_without_a_total_is_an_error_not_a_zero() {
        assertThatThrownBy(() -> HeapHistogram.parse("4242:\ncom.sun.tools.attach.AttachNotSupportedException: Unable to open socket file"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no total");
    }
}
