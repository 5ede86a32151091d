package io.roomgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a heap dump of this very JVM, holding objects whose owner and sizes are known. */
class HeapOwnersTest {

    private static final int HOLDERS = 500;

    /**
     * 32 bytes itself (a 12-byte header and four references, aligned to 8), 1,016 for its {@code byte[1000]}, 96 for its
     * {@code long[10]}, 32 for the {@code Object[3]} and 3 × 24 for the {@code byte[8]}s in it, and
     * 24 + 24 + 2 × 32 for an {@code ArrayList} of two {@code byte[16]}: a JDK object and what it
     * holds count as the holder's.
     */
    private static final long BYTES_PER_HOLDER = 32 + 1016 + 96 + 32 + 3 * 24 + 24 + 24 + 2 * 32;

    static final class Holder {
        final byte[] payload = new byte[1000];
        final long[] numbers = new long[10];
        final Object[] parts = {new byte[8], new byte[8], new byte[8]};
        final List<byte[]> list = new ArrayList<>(2);

        Holder() {
            list.add(new byte[16]);
            list.add(new byte[16]);
        }
    }

    @Test
    void every_object_is_charged_to_its_nearest_owner_at_the_size_the_jvm_gives_it(@TempDir Path dir) throws Exception {
        var holders = new ArrayList<Holder>();
        for (int i = 0; i < HOLDERS; i++) {
            holders.add(new Holder());
        }
        Path dump = dir.resolve("self.hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);

        var owners = HeapOwners.read(dump);

        assertThat(owners.bytesByRow()).containsEntry(Holder.class.getName(), HOLDERS * BYTES_PER_HOLDER);
        assertThat(owners.bytesByRow().keySet()).noneMatch(owner -> owner.startsWith("java.") || owner.startsWith("["));
        assertThat(holders).hasSize(HOLDERS);
    }
}
