package io.roomgate.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The suite's identity provider key endpoint: a JWKS over HTTP on 127.0.0.1, one per test JVM,
 * with keys that can be rotated while the server under test runs.
 */
public final class JwksServer {

    public static final String RSA_KID = "rsa-1";
    public static final String EC_KID = "ec-1";
    public static final String ROTATED_RSA_KID = "rsa-2";

    private static final JwksServer INSTANCE = new JwksServer();

    private final List<JsonWebKey> keys = new ArrayList<>();
    private final HttpServer server;

    private JwksServer() {
        add(SuiteKeys.RSA, RSA_KID, "RS256");
        add(SuiteKeys.EC, EC_KID, "ES256");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/jwks.json", exchange -> {
            byte[] body = json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public static JwksServer get() {
        return INSTANCE;
    }

    public String location() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    /** Publishes a new RSA key, the way an identity provider rotates. */
    public synchronized void rotateIn(KeyPair keyPair, String kid) {
        add(keyPair, kid, "RS256");
    }

    private synchronized void add(KeyPair keyPair, String kid, String algorithm) {
        try {
            var jwk = PublicJsonWebKey.Factory.newPublicJwk(keyPair.getPublic());
            jwk.setKeyId(kid);
            jwk.setAlgorithm(algorithm);
            jwk.setUse("sig");
            keys.add(jwk);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized String json() {
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
