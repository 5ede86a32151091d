package bench.peer;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The rooms by name, created by their first join and dropped when their last member leaves. */
@ApplicationScoped
public class Rooms {

    private final ConcurrentHashMap<String, Room> byName = new ConcurrentHashMap<>();

    void summaries(@Observes StartupEvent started, Vertx vertx) {
        vertx.setPeriodic(1000, tick -> byName.values().forEach(Room::summarize));
    }

    Room.Snapshot join(Member member, String name) {
        while (true) {
            var snapshot = byName.computeIfAbsent(name, Room::new).join(member);
            if (snapshot != null) {
                return snapshot;
            }
            Thread.onSpinWait();
        }
    }

    boolean leave(Member member, String name) {
        var room = byName.get(name);
        return room != null && room.leave(member, () -> byName.remove(name, room));
    }

    void leaveAll(Member member) {
        List.copyOf(member.rooms()).forEach(name -> leave(member, name));
    }

    /** @return whether the sender is a member (only then is anything sent) */
    boolean send(Member sender, String name, String frame, boolean echo) {
        var room = byName.get(name);
        if (room == null || !room.contains(sender)) {
            return false;
        }
        room.send(sender, frame, echo);
        return true;
    }

    /** @return the page, or null when the asker is not a member */
    Room.Snapshot presence(Member member, String name, String after) {
        var room = byName.get(name);
        return room == null || !room.contains(member) ? null : room.page(after);
    }
}
