package io.roomgate.testing;

import io.roomgate.ws.ClientAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * The in-process server's stand-in for what the servlet filter does on a real server before the
 * upgrade: tell the WebSocket layer the TCP peer's address in the header it reads it from, and
 * drop client-sent copies of the headers only the server side may set. It does not apply the
 * address limits, so the in-process target exercises the after-the-upgrade refusal (PROTOCOL §5).
 * Registered before Tyrus's add-on, it runs before Tyrus's upgrade filter.
 */
final class PeerAddressAddOn implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        builder.add(builder.indexOfType(HttpServerFilter.class), new BaseFilter() {
            @Override
            public NextAction handleRead(FilterChainContext ctx) throws IOException {
                if (ctx.getMessage() instanceof HttpContent content
                        && content.getHttpHeader() instanceof HttpRequestPacket request) {
                    var headers = request.getHeaders();
                    headers.removeHeader(ClientAddress.PEER_HEADER);
                    headers.removeHeader(ClientAddress.ADMITTED_HEADER);
                    var peer = (InetSocketAddress) ctx.getConnection().getPeerAddress();
                    headers.addValue(ClientAddress.PEER_HEADER).setString(peer.getAddress().getHostAddress());
                }
                return ctx.getInvokeAction();
            }
        });
    }
}
