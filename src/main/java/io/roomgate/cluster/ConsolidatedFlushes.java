package io.roomgate.cluster;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Commands waiting together on a Redis connection go out in one write. A command issued from a
 * caller's thread reaches the connection's event loop as a task that writes and flushes it: with
 * handshakes running 64 at a time, that was one socket write per claim and per release, and as many
 * reads in redis-server. Here a flush waits until the event loop has run the tasks already queued,
 * never longer (no timer), so no command waits for another's arrival.
 */
final class ConsolidatedFlushes implements NettyCustomizer {

    @Override
    public void afterChannelInitialized(Channel channel) {
        // one per channel: the handler keeps the channel's pending flushes
        channel.pipeline().addFirst(new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
    }
}
