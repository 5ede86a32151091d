package io.roomgate.ws;

import io.roomgate.history.Position;
import io.roomgate.protocol.ClientFrame;
import io.roomgate.protocol.Command;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.Problem;
import io.roomgate.rooms.Echo;
import io.roomgate.rooms.Peer;
import io.roomgate.rooms.Refusal;
import io.roomgate.rooms.RoomRegistry;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one dispatch point of an authenticated connection's frames: one branch per command. */
final class FrameRouter {

    private static final Logger LOG = Logger.getLogger(FrameRouter.class.getName());

    private final RoomRegistry registry;
    private final Connection connection;

    FrameRouter(RoomRegistry registry, Connection connection) {
        this.registry = registry;
        this.connection = connection;
    }

    void route(ClientFrame frame) {
        String id = frame.id();
        try {
            dispatch(frame.command(), connection.peer(), id);
        } catch (Refusal refusal) {
            connection.replyError(refusal.problem(), refusal.details(), id);
        } catch (RuntimeException e) {
            // A bug of ours, not the client's: the client learns nothing about it, the log gets the class only.
            LOG.warning(() -> "Internal error handling a frame: " + e.getClass().getName());
            LOG.log(Level.FINE, "Internal error details", e);
            connection.replyError(Problem.INTERNAL_ERROR, Map.of(), id);
        }
    }

    private void dispatch(Command command, Peer peer, String id) throws Refusal {
        if (command instanceof Command.Join join) {
            connection.requireRoomChangeAllowed();
            var joining = registry.join(peer, join.room(),
                    join.since().map(since -> new Position(since.epoch(), since.offset())));
            try {
                connection.reply("room:joined", id, joining.joined(join.room()));
            } finally {
                joining.resume();
            }
        } else if (command instanceof Command.Leave leave) {
            connection.requireRoomChangeAllowed();
            registry.leave(peer, leave.room());
            connection.reply("room:left", id, new Payloads.Left(leave.room()));
        } else if (command instanceof Command.Send send) {
            long received = System.nanoTime();
            registry.send(peer, send.room(), send.event(), send.data(), send.echo() ? new Echo(id) : null);
            connection.metrics().broadcastQueued(received);
        } else if (command instanceof Command.Presence presence) {
            connection.reply("room:presence", id,
                    registry.presence(peer, presence.room(), presence.after()).snapshot(presence.room()));
        } else if (command instanceof Command.Kick kick) {
            connection.kick(kick);
            connection.reply("hub:ok", id, Payloads.Empty.INSTANCE);
        } else if (command instanceof Command.Refresh refresh) {
            connection.refresh(refresh.token(), id);
        } else if (command instanceof Command.Ping) {
            connection.reply("pong", id, Payloads.Empty.INSTANCE);
        } else if (command instanceof Command.Connect) {
            throw new Refusal(Problem.ALREADY_CONNECTED);
        } else {
            throw new IllegalStateException("no route for " + command.getClass().getSimpleName());
        }
    }
}
