package io.roomgate.bench;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The server's live bytes by class, from {@code jcmd GC.class_histogram} (which collects first),
 * or by owner ({@link HeapOwners}). Two of them, taken before and after a workload, say what the
 * server holds for what it added: the RSS figure alone cannot tell the heap's sizing from what a
 * connection keeps.
 */
record HeapHistogram(Map<String, Long> bytesByRow, long totalBytes) {

    /** One row's growth between two histograms: a class's, or an owner's. */
    record Growth(String name, long bytes) {
    }

    /** {@code    1:         12345        678901  [B (java.base@17.0.15)}: a class loaded twice is two rows. */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)", Pattern.MULTILINE);

    static HeapHistogram of(long pid) throws Exception {
        return parse(BenchRun.run(BenchRun.jcmd(), String.valueOf(pid), "GC.class_histogram"));
    }

    static HeapHistogram parse(String text) {
        var total = TOTAL.matcher(text);
        if (!total.find()) {
            throw new IllegalStateException("jcmd GC.class_histogram gave no total: " + text.lines().findFirst().orElse(""));
        }
        var bytes = new HashMap<String, Long>();
        var row = ROW.matcher(text);
        while (row.find()) {
            bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
        }
        return new HeapHistogram(Map.copyOf(bytes), Long.parseLong(total.group(1)));
    }

    /**
     * The growth of the rows whose names start with {@code prefix} (one package's classes or owners),
     * rows gone since {@code before} included: an object can move from one owner to another.
     */
    long growthSince(HeapHistogram before, String prefix) {
        return bytesStartingWith(prefix) - before.bytesStartingWith(prefix);
    }

    private long bytesStartingWith(String prefix) {
        return bytesByRow.entrySet().stream().filter(row -> row.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
    }

    long growthSince(HeapHistogram before) {
        return totalBytes - before.totalBytes;
    }

    /** The {@code top} rows whose live bytes grew most since {@code before}. */
    List<Growth> largestGrowthSince(HeapHistogram before, int top) {
        return bytesByRow.entrySet().stream()
                .map(entry -> new Growth(entry.getKey(), entry.getValue() - before.bytesByRow.getOrDefault(entry.getKey(), 0L)))
                .sorted(Comparator.comparingLong(Growth::bytes).reversed())
                .limit(top)
                .toList();
    }
}
