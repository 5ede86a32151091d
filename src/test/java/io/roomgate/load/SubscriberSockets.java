package io.roomgate.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.DefaultThreadFactory;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Protocol connections on one Netty event loop, for the fan-out workload's subscribers. The JDK's
 * WebSocket client passes every frame from its selector thread to an executor and back; at 1,000
 * subscribers and 50 messages a second that kept the driver's whole core busy (issue 6), so the
 * latency the driver reported was its own. Here each frame is read where it arrives.
 */
public final class SubscriberSockets implements AutoCloseable {

    /**
     * The frame limit applies to what a server receives; what it sends can be larger: a
     * {@code room:joined} lists every member, about 45 bytes each (450 KB at 10,000 members).
     */
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final int MAX_HANDSHAKE_RESPONSE = 16 * 1024;

    /** What a workload does with a connection's frames. */
    public interface Frames {
        void on(Link link, JsonObject frame);
    }

    /** One open connection; frames go out masked, as a client's must. */
    public static final class Link {
        private final Channel channel;

        private Link(Channel channel) {
            this.channel = channel;
        }

        public void send(String frame) {
            channel.writeAndFlush(new TextWebSocketFrame(frame));
        }

        public boolean isOpen() {
            return channel.isActive();
        }

        public void close() {
            if (channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
            }
        }
    }

    /** Started by the first connection: a driver that never opens one has no loop to wait for. */
    private EventLoopGroup loop;

    private synchronized EventLoopGroup loop() {
        if (loop == null) {
            loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("driver-subscribers", true), NioIoHandler.newFactory());
        }
        return loop;
    }

    /**
     * Opens {@code uri} with the token as the {@code bearer.} subprotocol entry, as a non-browser
     * client (no {@code Origin}); {@code ended} runs once the connection is gone, whether it opened
     * or not.
     */
    public void open(URI uri, String token, Frames frames, Runnable ended) {
        var config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol("rooms.v1,bearer." + token)
                .generateOriginHeader(false)
                .maxFramePayloadLength(MAX_FRAME)
                .build();
        new Bootstrap().group(loop()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.closeFuture().addListener(closed -> ended.run());
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE),
                                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_FRAME),
                                new FrameHandler(new Link(channel), frames));
                    }
                })
                .connect(uri.getHost(), uri.getPort());
    }

    /** At once: the workload has closed its connections, nothing is left to drain. */
    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static final class FrameHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final Link link;
        private final Frames frames;

        FrameHandler(Link link, Frames frames) {
            this.link = link;
            this.frames = frames;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                context.close();
            }
            super.userEventTriggered(context, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, TextWebSocketFrame frame) {
            frames.on(link, AsyncClient.parse(frame.text()));
        }

        /** A refused upgrade or a broken socket: the workload hears of it through {@code ended}. */
        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }
}
