package io.roomgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.SoftReference;
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

    /** Holds its array only softly: 16 bytes itself and 40 for its {@code SoftReference}. */
    static final class SoftHolder {
        final SoftReference<byte[]> cached = new SoftReference<>(new byte[5000]);
    }

    /** 24 bytes of {@code ArrayList}, 32 of its {@code Object[4]} and 4 × 120 of {@code byte[100]}. */
    static final class Statics {
        static final List<byte[]> HELD = new ArrayList<>(4);

        static {
            for (int i = 0; i < 4; i++) {
                HELD.add(new byte[100]);
            }
        }
    }

    private static final HotSpotDiagnosticMXBean VM = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void every_object_is_charged_to_its_nearest_owner_at_the_size_the_jvm_gives_it(@TempDir Path dir) throws Exception {
        assumeTrue(HeapOwners.hasTheLayoutSizesAssume(flag -> VM.getVMOption(flag).getValue()),
                "the sizes assume compressed references and class pointers (heaps under 32 GB)");
        var holders = new ArrayList<Object>();
        for (int i = 0; i < HOLDERS; i++) {
            holders.add(new Holder());
            holders.add(new SoftHolder());
        }
        assertThat(Statics.HELD).hasSize(4);
        Path dump = dir.resolve("self.hprof");
        VM.dumpHeap(dump.toString(), true);

        var owners = HeapOwners.read(dump).bytesByRow();

        assertThat(owners).containsEntry(Holder.class.getName(), HOLDERS * BYTES_PER_HOLDER);
        assertThat(owners).containsEntry(Statics.class.getName() + HeapOwners.STATICS, 24L + 32 + 4 * 120);
        assertThat(owners).as("a soft reference's referent is not the holder's")
                .containsEntry(SoftHolder.class.getName(), HOLDERS * (16L + 40));
        assertThat(owners.get(HeapOwners.NOT_REACHED)).isGreaterThanOrEqualTo(HOLDERS * 5016L);
        assertThat(owners.keySet()).as("only the JDK's loaders may define java.*").noneMatch(owner -> owner.startsWith("java."));
        assertThat(holders).hasSize(2 * HOLDERS);
    }
}
