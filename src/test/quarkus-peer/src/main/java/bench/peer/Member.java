package bench.peer;

import io.quarkus.websockets.next.WebSocketConnection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One authenticated connection: who it is, and the rooms it is in (so a close leaves them all).
 * Equal only to itself: a user's connections are members each.
 */
final class Member {

    private final String userId;
    private final String username;
    private final WebSocketConnection connection;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();

    Member(String userId, String username, WebSocketConnection connection) {
        this.userId = userId;
        this.username = username;
        this.connection = connection;
    }

    String userId() {
        return userId;
    }

    String username() {
        return username;
    }

    WebSocketConnection connection() {
        return connection;
    }

    Set<String> rooms() {
        return rooms;
    }

    /** Queues a frame; a connection that has gone away just drops it. */
    void send(String frame) {
        connection.sendText(frame).subscribe().with(sent -> { }, failed -> { });
    }
}
