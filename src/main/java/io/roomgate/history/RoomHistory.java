package io.roomgate.history;

import io.roomgate.protocol.Utf8;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;

/**
 * One room's history on a single node: the newest messages within the count and byte bounds, under
 * one epoch for as long as this object lives. Appends run inside the store's per-room section; reads
 * come from joins and the HTTP API alongside them, hence the lock.
 */
final class RoomHistory {

    private final String epoch = Epochs.next();
    private final Deque<Entry> kept = new ArrayDeque<>();
    private long latest;
    private long bytes;

    synchronized Kept append(String payload, int maxMessages, long maxBytes) {
        var message = Kept.of(epoch, ++latest, payload);
        int size = Utf8.length(message.frame());
        kept.addLast(new Entry(message, size));
        bytes += size;
        while (!kept.isEmpty() && (kept.size() > maxMessages || bytes > maxBytes)) {
            bytes -= kept.removeFirst().bytes();
        }
        return message;
    }

    synchronized Position position() {
        return new Position(epoch, latest);
    }

    /** The first {@code limit} kept messages after {@code after}. */
    synchronized Slice after(long after, int limit) {
        long oldest = kept.isEmpty() ? latest + 1 : kept.peekFirst().message().offset();
        var messages = new ArrayList<Kept>(Math.max(0, Math.min(limit, (int) Math.min(Integer.MAX_VALUE, latest - after))));
        for (Entry entry : kept) {
            if (messages.size() >= limit) {
                break;
            }
            if (entry.message().offset() > after) {
                messages.add(entry.message());
            }
        }
        return Slice.of(new Position(epoch, latest), messages, oldest, after);
    }

    private record Entry(Kept message, int bytes) {
    }
}
