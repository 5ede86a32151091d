package io.roomgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client over a plain socket that reads the server's frames as they come and answers
 * nothing, pings included. Server frames are never masked (RFC 6455 §5.1).
 */
public final class PingIgnoringClient implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;

    private final Socket socket;
    private final DataInputStream in;

    PingIgnoringClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        String status = readHeaders();
        assertThat(status).as("upgrade status line").startsWith("HTTP/1.1 101");
    }

    /** The status line; the headers up to the blank line are skipped. */
    private String readHeaders() throws IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** The next whole frame the server sends (continuations are not used by Roomgate's servers for small frames). */
    public RawFrame next() {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            var payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            return new RawFrame(first & 0x0f, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A frame as it came off the wire: its opcode and unmasked payload. */
    public record RawFrame(int opcode, byte[] payload) {

        public Frame text() {
            assertThat(opcode).as("opcode").isEqualTo(TEXT);
            return Frame.parse(new String(payload, StandardCharsets.UTF_8));
        }

        public Closure closure() {
            assertThat(opcode).as("opcode").isEqualTo(CLOSE);
            var body = ByteBuffer.wrap(payload);
            int code = body.getShort() & 0xffff;
            return new Closure(code, StandardCharsets.UTF_8.decode(body).toString());
        }
    }
}
