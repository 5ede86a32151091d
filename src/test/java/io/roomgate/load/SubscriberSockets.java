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
import java.util.concurrent.CompletableFuture;

/**
 * Protocol connections on one Netty event loop, for the fan-out workload's subscribers. The JDK's
 * WebSocket client passes every frame from its selector thread to an executor and back; at 1,000
 * subscribers and 50 messages a second that kept the driver's whole core busy (issue 6), so the
 * latency the driver reported was its own. Here each frame is read where it arrives.
 */
public final class SubscriberSockets implements AutoCloseable {

    /** PROTOCOL §2's default frame limit: the server sends nothing larger. */
    private static final int MAX_FRAME = 64 * 1024;
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

        public void close() {
            if (channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
            }
        }
    }

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("driver-subscribers", true),
            NioIoHandler.newFactory());

    /**
     * Opens {@code uri} with the token as the {@code bearer.} subprotocol entry, as a non-browser
     * client (no {@code Origin}). The future completes once the upgrade is done; {@code ended} runs
     * once the connection is gone, whether it opened or not.
     */
    public CompletableFuture<Link> open(URI uri, String token, Frames frames, Runnable ended) {
        var opened = new CompletableFuture<Link>();
        var config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol("rooms.v1,bearer." + token)
                .generateOriginHeader(false)
                .maxFramePayloadLength(MAX_FRAME)
                .build();
        new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.closeFuture().addListener(closed -> {
                            opened.completeExceptionally(new IllegalStateException("closed before the upgrade completed"));
                            ended.run();
                        });
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE),
                                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_FRAME),
                                new FrameHandler(new Link(channel), frames, opened));
                    }
                })
                .connect(uri.getHost(), uri.getPort());
        return opened;
    }

    @Override
    public void close() {
        loop.shutdownGracefully().syncUninterruptibly();
    }

    private static final class FrameHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final Link link;
        private final Frames frames;
        private final CompletableFuture<Link> opened;

        FrameHandler(Link link, Frames frames, CompletableFuture<Link> opened) {
            this.link = link;
            this.frames = frames;
            this.opened = opened;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                opened.complete(link);
            } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
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
