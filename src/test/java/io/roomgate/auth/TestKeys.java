package io.roomgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jose4j.base64url.Base64Url;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;

/** Test-only helpers: key generation and crafting hostile tokens with jose4j / JCA. */
final class TestKeys {
    private TestKeys() {
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String jwk(PublicKey key, String kid) throws Exception {
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
        jwk.setKeyId(kid);
        return jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    static String jwks(Map<String, PublicKey> keysByKid) throws Exception {
        JsonWebKeySet set = new JsonWebKeySet();
        for (Map.Entry<String, PublicKey> e : keysByKid.entrySet()) {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(e.getValue());
            jwk.setKeyId(e.getKey());
            set.addJsonWebKey(jwk);
        }
        return set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** A JWS over an arbitrary payload string (so claims JSON can be anything, duplicates included). */
    static String jose4j(String alg, Key key, String payloadJson, Map<String, Object> headers) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(alg);
        headers.forEach(jws::setHeader);
        jws.setPayload(payloadJson);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    /** RS256 over a raw header string (jose4j cannot produce duplicate header members). */
    static String rs256RawHeader(String headerJson, String payloadJson, PrivateKey key) throws Exception {
        String input = Base64Url.encodeUtf8ByteRepresentation(headerJson) + "."
                + Base64Url.encodeUtf8ByteRepresentation(payloadJson);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64Url.encode(s.sign());
    }

    /** Unsigned token with the given alg header value. */
    static String unsigned(String alg, String payloadJson) {
        return Base64Url.encodeUtf8ByteRepresentation("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "."
                + Base64Url.encodeUtf8ByteRepresentation(payloadJson) + ".";
    }

    static String[] parts(String token) {
        return token.split("\\.", -1);
    }

    static String join(List<String> parts) {
        return String.join(".", parts);
    }
}
