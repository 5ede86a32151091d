package io.roomgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import shark.CloseableHeapGraph;
import shark.GcRoot;
import shark.HeapGraph;
import shark.HeapObject;
import shark.HeapValue;
import shark.HprofHeapGraph;
import shark.HprofIndex;
import shark.PrimitiveType;

/**
 * Who holds the server's live heap, from a heap dump ({@code jcmd GC.heap_dump}, which collects
 * first) read with Shark. The class histogram says a connection added 2.6 KB of {@code byte[]};
 * this says whose they are. Every object is charged to its <em>owner</em>: the nearest object on
 * its path from the GC roots whose class is neither the JDK's nor an array, so the {@code HashMap}s,
 * strings and byte arrays inside Undertow's {@code HttpServerExchange} count as the exchange's.
 * The path is the one a breadth-first walk from the roots finds first (the shortest), so an
 * object two owners share is charged to the one nearer a root. Objects with no owner on that path
 * (held by the JDK's own objects from a thread or a class) are charged to {@link #UNOWNED}. Sizes
 * are the JVM's own with compressed references and class pointers (heaps under 32 GB, as the
 * bench server's), not the dump's, which writes every reference as 8 bytes and no headers.
 */
final class HeapOwners {

    static final String UNOWNED = "(the JDK's objects held from a root)";
    private static final int NONE = -1;
    private static final int HEADER = 12;
    private static final int ARRAY_HEADER = 16;
    private static final int REFERENCE = 4;

    private HeapOwners() {
    }

    /** Dumps {@code pid}'s live heap to {@code dump}, reads who holds it, and deletes the dump. */
    static HeapHistogram of(long pid, Path dump) throws Exception {
        Files.deleteIfExists(dump);
        BenchRun.run(BenchRun.jcmd(), String.valueOf(pid), "GC.heap_dump", dump.toAbsolutePath().toString());
        try {
            return read(dump);
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    /** The heap's bytes by owner class: a histogram whose rows are owners rather than classes. */
    static HeapHistogram read(Path dump) throws Exception {
        try (CloseableHeapGraph graph = HprofHeapGraph.Companion.openHeapGraph(dump.toFile(), null,
                HprofIndex.Companion.defaultIndexedGcRootTags())) {
            var index = new ObjectIndex(graph);
            var names = new ArrayList<String>();
            int[] ownerName = ownerNames(graph, index, names);
            int[] parent = pathsFromRoots(graph, index);
            var sizes = new JvmSizes(graph);
            var bytes = new HashMap<String, Long>();
            long total = 0;
            for (var objects = graph.getObjects().iterator(); objects.hasNext(); ) {
                HeapObject object = objects.next();
                long size = sizes.of(object);
                if (size > 0) {
                    bytes.merge(ownerOf(index.of(object.getObjectId()), ownerName, parent, names), size, Long::sum);
                    total += size;
                }
            }
            return new HeapHistogram(Map.copyOf(bytes), total);
        }
    }

    /**
     * Every object's position among the dump's object ids in order: a dense index of our own, since
     * the indices Shark's lookup by id answers run past its object count.
     */
    private static final class ObjectIndex {
        private final long[] ids;

        ObjectIndex(HeapGraph graph) {
            ids = new long[graph.getObjectCount()];
            int at = 0;
            for (var objects = graph.getObjects().iterator(); objects.hasNext(); ) {
                ids[at++] = objects.next().getObjectId();
            }
            Arrays.sort(ids);
        }

        int size() {
            return ids.length;
        }

        long id(int index) {
            return ids[index];
        }

        /** The object's index, or {@link #NONE} for an id that is no object of the dump. */
        int of(Long id) {
            int at = id == null ? NONE : Arrays.binarySearch(ids, id);
            return at < 0 ? NONE : at;
        }
    }

    /** For each object index, the index in {@code names} of its class when that class can own, else {@link #NONE}. */
    private static int[] ownerNames(HeapGraph graph, ObjectIndex index, List<String> names) {
        int[] ownerName = new int[index.size()];
        Arrays.fill(ownerName, NONE);
        var indexOfName = new HashMap<String, Integer>();
        for (var instances = graph.getInstances().iterator(); instances.hasNext(); ) {
            var instance = instances.next();
            String className = instance.getInstanceClassName();
            if (canOwn(className)) {
                ownerName[index.of(instance.getObjectId())] = indexOfName.computeIfAbsent(className, name -> {
                    names.add(name);
                    return names.size() - 1;
                });
            }
        }
        return ownerName;
    }

    private static boolean canOwn(String className) {
        return !(className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun."));
    }

    /**
     * For each object index, the object a breadth-first walk from the GC roots and the classes'
     * statics first reached it from; {@link #NONE} for those and for objects never reached.
     */
    private static int[] pathsFromRoots(HeapGraph graph, ObjectIndex index) {
        int[] parent = new int[index.size()];
        Arrays.fill(parent, NONE);
        boolean[] reached = new boolean[index.size()];
        int[] queue = new int[index.size()];
        int tail = 0;
        for (GcRoot root : graph.getGcRoots()) {
            tail = enqueue(index.of(root.getId()), NONE, reached, parent, queue, tail);
        }
        for (var classes = graph.getClasses().iterator(); classes.hasNext(); ) {
            tail = enqueue(index.of(classes.next().getObjectId()), NONE, reached, parent, queue, tail);
        }
        for (int head = 0; head < tail; head++) {
            int from = queue[head];
            for (long to : references(graph.findObjectById(index.id(from)))) {
                tail = enqueue(index.of(to), from, reached, parent, queue, tail);
            }
        }
        return parent;
    }

    private static int enqueue(int object, int from, boolean[] reached, int[] parent, int[] queue, int tail) {
        if (object == NONE || reached[object]) {
            return tail;
        }
        reached[object] = true;
        parent[object] = from;
        queue[tail] = object;
        return tail + 1;
    }

    /** The ids an object refers to: an instance's fields, an array's elements, a class's statics. */
    private static List<Long> references(HeapObject object) {
        var ids = new ArrayList<Long>();
        if (object instanceof HeapObject.HeapInstance instance) {
            instance.readFields().iterator().forEachRemaining(field -> add(ids, field.getValue()));
        } else if (object instanceof HeapObject.HeapObjectArray array) {
            array.readElements().iterator().forEachRemaining(element -> add(ids, element));
        } else if (object instanceof HeapObject.HeapClass type) {
            type.readStaticFields().iterator().forEachRemaining(field -> add(ids, field.getValue()));
        }
        return ids;
    }

    private static void add(List<Long> ids, HeapValue value) {
        Long id = value.getAsObjectId();
        if (id != null && id != 0) {
            ids.add(id);
        }
    }

    private static String ownerOf(int object, int[] ownerName, int[] parent, List<String> names) {
        for (int at = object; at != NONE; at = parent[at]) {
            if (ownerName[at] != NONE) {
                return names.get(ownerName[at]);
            }
        }
        return UNOWNED;
    }

    /** An object's size in the JVM; 0 for class objects (their statics are not what a workload adds). */
    private static final class JvmSizes {
        private final int dumpedReference;
        private final Map<Long, Integer> instanceSizeByClass = new HashMap<>();

        JvmSizes(HeapGraph graph) {
            this.dumpedReference = graph.getIdentifierByteSize();
        }

        long of(HeapObject object) {
            if (object instanceof HeapObject.HeapInstance instance) {
                return instanceSizeByClass.computeIfAbsent(instance.getInstanceClassId(),
                        id -> instanceSize(instance.getInstanceClass()));
            }
            if (object instanceof HeapObject.HeapObjectArray array) {
                return aligned(ARRAY_HEADER + (long) array.getByteSize() / dumpedReference * REFERENCE);
            }
            if (object instanceof HeapObject.HeapPrimitiveArray array) {
                return aligned(ARRAY_HEADER + (long) array.getByteSize());
            }
            return 0;
        }

        /** The header and every field of the class and its superclasses, packed (as JDK 15+ lays fields out). */
        private static int instanceSize(HeapObject.HeapClass type) {
            long fields = 0;
            for (var classes = type.getClassHierarchy().iterator(); classes.hasNext(); ) {
                for (var field : classes.next().readRecordFields()) {
                    fields += field.getType() == PrimitiveType.REFERENCE_HPROF_TYPE ? REFERENCE
                            : PrimitiveType.Companion.getByteSizeByHprofType().get(field.getType());
                }
            }
            return (int) aligned(HEADER + fields);
        }

        private static long aligned(long bytes) {
            return (bytes + 7) & ~7L;
        }
    }
}
