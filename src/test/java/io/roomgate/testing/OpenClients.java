package io.roomgate.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The clients a test opened, closed after it whatever its outcome: register with {@code @RegisterExtension}. */
public final class OpenClients implements AfterEachCallback {

    private final List<WsClient> open = new ArrayList<>();

    public WsClient add(WsClient client) {
        open.add(client);
        return client;
    }

    /** The {@code index}-th client this test opened. */
    public WsClient get(int index) {
        return open.get(index);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        open.forEach(WsClient::close);
        open.clear();
    }
}
