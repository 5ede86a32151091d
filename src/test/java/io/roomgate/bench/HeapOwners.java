package io.roomgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
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
 * first) read with Shark: the class histogram says how many byte arrays a connection added, this
 * says whose they are. Every object is charged to its <em>owner</em>: the nearest object on its
 * path from the GC roots whose class the JDK did not load (neither the boot nor the platform class
 * loader), so the maps, strings and byte arrays inside Undertow's {@code HttpServerExchange} count
 * as the exchange's, and what a class's static fields hold counts as that class's ("(statics)").
 * The path is the one a breadth-first walk from the roots finds first (the shortest), so an object
 * two owners share is charged to the one nearer a root; weak, soft and phantom references are not
 * followed. Sizes are the JVM's as it lays objects out with compressed references and class
 * pointers and 8-byte alignment, which {@link #of} checks the server runs with (the dump itself
 * writes every reference as 8 bytes and no headers); padding of {@code @Contended} fields and
 * fields the VM injects are not counted, so a few classes come out slightly small.
 */
final class HeapOwners {

    static final String HELD_BY_THE_JDK = "(the JDK's objects held from a root)";
    static final String NOT_REACHED = "(not reached from a root)";
    static final String STATICS = " (statics)";
    /** The rows every reading has, at these indices of its names. */
    private static final int JDK_ROW = 0;
    private static final int NOT_REACHED_ROW = 1;
    private static final int NONE = -1;
    private static final int HEADER = 12;
    private static final int ARRAY_HEADER = 16;
    private static final int REFERENCE = 4;
    private static final Pattern FLAG = Pattern.compile("^\\s*\\w+\\s+(\\w+)\\s+:?=\\s+(\\S+)", Pattern.MULTILINE);

    private HeapOwners() {
    }

    /** Dumps {@code pid}'s live heap to {@code dump}, reads who holds it, and deletes the dump. */
    static HeapHistogram of(long pid, Path dump) throws Exception {
        var flags = new HashMap<String, String>();
        var matcher = FLAG.matcher(BenchRun.run(BenchRun.jcmd(), String.valueOf(pid), "VM.flags", "-all"));
        while (matcher.find()) {
            flags.put(matcher.group(1), matcher.group(2));
        }
        if (!hasTheLayoutSizesAssume(flags::get)) {
            throw new IllegalStateException("the server's JVM does not use compressed references and class pointers "
                    + "with 8-byte alignment: HeapOwners would give wrong sizes");
        }
        Files.deleteIfExists(dump);
        String output = BenchRun.run(BenchRun.jcmd(), String.valueOf(pid), "GC.heap_dump", dump.toAbsolutePath().toString());
        if (!output.contains("Heap dump file created")) {
            throw new IllegalStateException("jcmd GC.heap_dump failed: " + output.strip());
        }
        try {
            return read(dump);
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    /** Whether a JVM with these flags lays objects out as {@link JvmSizes} computes them. */
    static boolean hasTheLayoutSizesAssume(Function<String, String> flag) {
        return "true".equals(flag.apply("UseCompressedOops")) && "true".equals(flag.apply("UseCompressedClassPointers"))
                && "8".equals(flag.apply("ObjectAlignmentInBytes"));
    }

    /** The heap's bytes by owner: a histogram whose rows are owners rather than classes. */
    static HeapHistogram read(Path dump) throws Exception {
        try (CloseableHeapGraph graph = HprofHeapGraph.Companion.openHeapGraph(dump.toFile(), null,
                HprofIndex.Companion.defaultIndexedGcRootTags())) {
            var index = new ObjectIndex(graph);
            var names = new ArrayList<>(List.of(HELD_BY_THE_JDK, NOT_REACHED));
            int[] owner = ownersFromRoots(graph, index, ownNames(graph, index, names));
            var sizes = new JvmSizes(graph);
            long[] bytes = new long[names.size()];
            long total = 0;
            for (var objects = graph.getObjects().iterator(); objects.hasNext(); ) {
                HeapObject object = objects.next();
                long size = sizes.of(object);
                bytes[owner[index.of(object.getObjectId())]] += size;
                total += size;
            }
            var bytesByOwner = new HashMap<String, Long>();
            for (int name = 0; name < names.size(); name++) {
                if (bytes[name] > 0) {
                    bytesByOwner.merge(names.get(name), bytes[name], Long::sum);
                }
            }
            return new HeapHistogram(Map.copyOf(bytesByOwner), total);
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

    /**
     * For each object index, the index in {@code names} of the row it heads when it can own (an
     * instance of a class the JDK did not load, or such a class itself for its statics), else
     * {@link #NONE}.
     */
    private static int[] ownNames(HeapGraph graph, ObjectIndex index, List<String> names) {
        int[] own = new int[index.size()];
        Arrays.fill(own, NONE);
        var jdkLoaders = jdkClassLoaders(graph);
        var rowOfName = new HashMap<String, Integer>();
        Function<String, Integer> row = name -> rowOfName.computeIfAbsent(name, added -> {
            names.add(added);
            return names.size() - 1;
        });
        var ownerClasses = new HashSet<Long>();
        for (var classes = graph.getClasses().iterator(); classes.hasNext(); ) {
            var type = classes.next();
            if (!jdkLoaders.contains(type.readRecord().getClassLoaderId())) {
                ownerClasses.add(type.getObjectId());
                own[index.of(type.getObjectId())] = row.apply(type.getName() + STATICS);
            }
        }
        for (var instances = graph.getInstances().iterator(); instances.hasNext(); ) {
            var instance = instances.next();
            if (ownerClasses.contains(instance.getInstanceClassId())) {
                own[index.of(instance.getObjectId())] = row.apply(instance.getInstanceClassName());
            }
        }
        return own;
    }

    /** The boot loader (id 0) and the platform loader: what they load is the JDK's. */
    private static Set<Long> jdkClassLoaders(HeapGraph graph) {
        var loaders = new HashSet<>(Set.of(0L));
        var platform = graph.findClassByName("jdk.internal.loader.ClassLoaders$PlatformClassLoader");
        if (platform != null) {
            platform.getInstances().iterator().forEachRemaining(loader -> loaders.add(loader.getObjectId()));
        }
        return loaders;
    }

    /**
     * Each object's owner row, from a breadth-first walk from the GC roots and the classes: an object
     * that can own heads its own row, any other takes the row of the object it was first reached from.
     */
    private static int[] ownersFromRoots(HeapGraph graph, ObjectIndex index, int[] own) {
        int[] owner = new int[index.size()];
        Arrays.fill(owner, NOT_REACHED_ROW);
        int[] queue = new int[index.size()];
        int tail = 0;
        for (GcRoot root : graph.getGcRoots()) {
            tail = reach(index.of(root.getId()), JDK_ROW, own, owner, queue, tail);
        }
        for (var classes = graph.getClasses().iterator(); classes.hasNext(); ) {
            tail = reach(index.of(classes.next().getObjectId()), JDK_ROW, own, owner, queue, tail);
        }
        for (int head = 0; head < tail; head++) {
            int from = queue[head];
            for (long to : references(graph.findObjectById(index.id(from)))) {
                tail = reach(index.of(to), owner[from], own, owner, queue, tail);
            }
        }
        return owner;
    }

    private static int reach(int object, int fromOwner, int[] own, int[] owner, int[] queue, int tail) {
        if (object == NONE || owner[object] != NOT_REACHED_ROW) {
            return tail;
        }
        owner[object] = own[object] != NONE ? own[object] : fromOwner;
        queue[tail] = object;
        return tail + 1;
    }

    /**
     * The ids an object holds strongly: an instance's fields (not a reference object's referent, nor
     * the collector's list through it), an array's elements, a class's statics.
     */
    private static List<Long> references(HeapObject object) {
        var ids = new ArrayList<Long>();
        if (object instanceof HeapObject.HeapInstance instance) {
            instance.readFields().iterator().forEachRemaining(field -> {
                boolean weak = "java.lang.ref.Reference".equals(field.getDeclaringClass().getName())
                        && ("referent".equals(field.getName()) || "discovered".equals(field.getName()));
                if (!weak) {
                    add(ids, field.getValue());
                }
            });
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

    /** An object's size in the JVM; 0 for class objects (their metadata is not on the heap). */
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
