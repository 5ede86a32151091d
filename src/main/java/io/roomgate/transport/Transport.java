package io.roomgate.transport;

import io.roomgate.protocol.Close;
import java.util.function.Consumer;

/** The socket boundary of a connection: where frames leave the process. */
public interface Transport {

    /** Sends asynchronously; {@code done} gets null on success or the failure. */
    void sendText(String text, Consumer<Throwable> done);

    /** Closes without blocking the caller, who may be delivering to others. */
    void close(Close close);
}
