package io.roomgate.auth;

import io.roomgate.config.InvalidConfigurationException;
import io.roomgate.config.JwksRefresh;
import io.roomgate.config.JwtSettings;
import static io.roomgate.auth.TestKeys.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jose4j.base64url.Base64Url;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.sun.net.httpserver.HttpServer;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

class TokenVerifierTest {
    static final String ISS = "https://idp.example";
    static final String AUD = "roomgate";
    static final String SECRET = "0123456789abcdef0123456789abcdef-roomgate";

    static KeyPair rsa;
    static KeyPair rsaOther;
    static KeyPair ec;
    static TokenVerifier rs256;
    static TokenVerifier es256;
    static TokenVerifier hs256;

    static final Map<String, String> OBSERVED = new ConcurrentHashMap<>();

    @BeforeAll
    static void setUp() throws Exception {
        rsa = rsa();
        rsaOther = rsa();
        ec = ec();
        rs256 = new TokenVerifier(settings(Set.of("RS256"), Optional.of(pem(rsa.getPublic())), Optional.empty(), Optional.empty()));
        es256 = new TokenVerifier(settings(Set.of("ES256"), Optional.of(pem(ec.getPublic())), Optional.empty(), Optional.empty()));
        hs256 = new TokenVerifier(settings(Set.of("HS256"), Optional.empty(), Optional.empty(), Optional.of(SECRET)));
    }

    @AfterAll
    static void dump() throws Exception {
        StringBuilder sb = new StringBuilder();
        OBSERVED.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(e.getKey()).append(" | ").append(e.getValue()).append('\n'));
        Files.writeString(Paths.get("target", "observed-classifications.txt"), sb.toString());
    }

    static JwtSettings settings(Set<String> algs, Optional<String> key, Optional<String> location, Optional<String> secret) {
        return new JwtSettings(algs, key, location, secret, Optional.of(ISS), Set.of(AUD), 5, 0, 8192, JwksRefresh.DEFAULT);
    }

    static long now() {
        return System.currentTimeMillis() / 1000L;
    }

    static JwtClaimsBuilder claims() {
        return Jwt.issuer(ISS).audience(AUD).subject("alice").issuedAt(now()).expiresAt(now() + 300);
    }

    static String payload(String extra) {
        long n = now();
        return "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\",\"iat\":" + n + ",\"exp\":" + (n + 300) + extra + "}";
    }

    static void ok(String caseName, TokenVerifier v, String token) throws Exception {
        JwtClaims c = v.verify(token);
        assertFalse(c.hasClaim("raw_token"), "raw_token must be stripped");
        OBSERVED.put(caseName, "accepted");
    }

    static TokenRejectedException rejected(String caseName, TokenVerifier v, String token, AuthFailure expected) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> v.verify(token), caseName);
        assertEquals(expected, e.failure(), caseName);
        assertEquals(expected.problem().message(), e.getMessage(), caseName);
        assertNull(e.getCause(), caseName);
        assertEquals(0, e.getStackTrace().length, caseName);
        OBSERVED.put(caseName, e.failure().name()
                + (e.expiredAt().isPresent() ? " (expiredAt=exp)" : ""));
        return e;
    }

    /** Makes a case's token when the case runs: the keys exist only once {@link #setUp} has run. */
    @FunctionalInterface
    interface Forge {
        String token() throws Exception;
    }

    /** The class's verifiers by name, looked up when a case runs for the same reason. */
    enum Verifier {
        RS256, ES256, HS256;

        TokenVerifier get() {
            return switch (this) {
                case RS256 -> rs256;
                case ES256 -> es256;
                case HS256 -> hs256;
            };
        }
    }

    static Arguments accepted(String name, Verifier verifier, Forge forge) {
        return Arguments.of(name, verifier, forge);
    }

    static Arguments refused(String name, AuthFailure expected, Forge forge) {
        return refused(name, Verifier.RS256, expected, forge);
    }

    static Arguments refused(String name, Verifier verifier, AuthFailure expected, Forge forge) {
        return Arguments.of(name, verifier, expected, forge);
    }

    // ---------------------------------------------------------------- happy paths

    static Stream<Arguments> acceptedTokens() {
        return Stream.of(
                accepted("RS256 valid (inline PEM)", Verifier.RS256, () -> claims().jws().keyId("k1").sign(rsa.getPrivate())),
                accepted("ES256 valid (inline PEM)", Verifier.ES256, () -> claims().jws().algorithm(SignatureAlgorithm.ES256).sign(ec.getPrivate())),
                accepted("HS256 valid (hmacSecret)", Verifier.HS256, () -> claims().jws().algorithm(SignatureAlgorithm.HS256).signWithSecret(SECRET)),
                accepted("typ at+jwt accepted", Verifier.RS256, () -> claims().jws().type("at+jwt").sign(rsa.getPrivate())),
                accepted("typ absent accepted", Verifier.RS256, () -> jose4j("RS256", rsa.getPrivate(), payload(",\"sub\":\"a\""), Map.of())),
                accepted("typ 'jwt' lower-case accepted", Verifier.RS256, () -> jose4j("RS256", rsa.getPrivate(), payload(",\"sub\":\"a\""), Map.of("typ", "jwt"))),
                accepted("exp 3 s ago (within 5 s skew) accepted", Verifier.RS256, () -> claims().issuedAt(now() - 300).expiresAt(now() - 3).sign(rsa.getPrivate())),
                accepted("nbf 3 s ahead (within skew) accepted", Verifier.RS256, () -> claims().claim("nbf", now() + 3).sign(rsa.getPrivate())),
                accepted("iat 3 s ahead (within skew) accepted", Verifier.RS256, () -> claims().issuedAt(now() + 3).sign(rsa.getPrivate())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedTokens")
    void a_valid_token_is_accepted(String name, Verifier verifier, Forge forge) throws Exception {
        ok(name, verifier.get(), forge.token());
    }

    @Test
    void the_verified_claims_are_the_tokens_own() throws Exception {
        JwtClaims c = rs256.verify(claims().claim("room", "r1").sign(rsa.getPrivate()));
        assertEquals("alice", c.getSubject());
        assertEquals("r1", c.getStringClaimValue("room"));
    }

    @Test
    void keyLocations(@TempDir Path dir) throws Exception {
        Path pemFile = dir.resolve("key.pem");
        Files.writeString(pemFile, pem(rsa.getPublic()));
        TokenVerifier filePem = new TokenVerifier(settings(Set.of("RS256"), Optional.empty(), Optional.of("file:" + pemFile), Optional.empty()));
        ok("RS256 file: PEM", filePem, claims().sign(rsa.getPrivate()));

        Path jwksFile = dir.resolve("jwks.json");
        Files.writeString(jwksFile, jwks(Map.of("a", rsaOther.getPublic(), "b", rsa.getPublic())));
        TokenVerifier fileJwks = new TokenVerifier(settings(Set.of("RS256"), Optional.empty(), Optional.of("file:" + jwksFile), Optional.empty()));
        ok("RS256 file: JWKS, kid selects 2nd key", fileJwks, claims().jws().keyId("b").sign(rsa.getPrivate()));
        rejected("file: JWKS, unknown kid", fileJwks, claims().jws().keyId("zzz").sign(rsa.getPrivate()), AuthFailure.SIGNATURE);
        rejected("file: JWKS, kid 'a' but signed by key 'b'", fileJwks, claims().jws().keyId("a").sign(rsa.getPrivate()), AuthFailure.SIGNATURE);

        // test-classes is a classpath directory, so a file written there now is a classpath resource.
        Path cp = Paths.get(TokenVerifierTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.writeString(cp.resolve("roomgate-test-key.pem"), pem(rsa.getPublic()));
        TokenVerifier cpPem = new TokenVerifier(settings(Set.of("RS256"), Optional.empty(), Optional.of("classpath:roomgate-test-key.pem"), Optional.empty()));
        ok("RS256 classpath: PEM", cpPem, claims().sign(rsa.getPrivate()));

        TokenVerifier inlineJwk = new TokenVerifier(settings(Set.of("ES256"), Optional.of(jwk(ec.getPublic(), "e1")), Optional.empty(), Optional.empty()));
        ok("ES256 inline single JWK", inlineJwk, claims().jws().algorithm(SignatureAlgorithm.ES256).keyId("e1").sign(ec.getPrivate()));
    }

    @Test
    void severalAlgorithmsAtOnceViaJwks() throws Exception {
        TokenVerifier both = new TokenVerifier(settings(Set.of("RS256", "ES256"),
                Optional.of(jwks(Map.of("r1", rsa.getPublic(), "e1", ec.getPublic()))), Optional.empty(), Optional.empty()));
        ok("RS256+ES256 verifier, RS256 token", both, claims().jws().keyId("r1").sign(rsa.getPrivate()));
        ok("RS256+ES256 verifier, ES256 token", both, claims().jws().algorithm(SignatureAlgorithm.ES256).keyId("e1").sign(ec.getPrivate()));
        // Key-type vs alg: header says ES256 but kid points at the RSA key -> jose4j (strict key validation) refuses.
        String crossed = claims().jws().algorithm(SignatureAlgorithm.ES256).keyId("r1").sign(ec.getPrivate());
        rejected("ES256 token whose kid names an RSA key", both, crossed, AuthFailure.SIGNATURE);
        rejected("RS256+ES256 verifier, RS384 token", both, claims().jws().algorithm(SignatureAlgorithm.RS384).keyId("r1").sign(rsa.getPrivate()), AuthFailure.SIGNATURE);
    }

    @Test
    void mixingHmacAndPublicKeyFamiliesIsAConfigError() {
        assertThrows(InvalidConfigurationException.class, () -> new TokenVerifier(settings(Set.of("RS256", "HS256"),
                Optional.of(pem(rsa.getPublic())), Optional.empty(), Optional.empty())));
        assertThrows(InvalidConfigurationException.class, () -> new TokenVerifier(settings(Set.of("HS256"),
                Optional.empty(), Optional.empty(), Optional.of("short"))));
        assertThrows(InvalidConfigurationException.class, () -> new JwtSettings(Set.of("RS256"),
                Optional.of("x"), Optional.empty(), Optional.of(SECRET), Optional.empty(), Set.of(), 5, 0, 8192, JwksRefresh.DEFAULT));
        assertThrows(IllegalStateException.class, () -> new TokenVerifier(settings(Set.of("RS256"),
                Optional.empty(), Optional.of("file:/nonexistent/key.pem"), Optional.empty())));
    }

    // ---------------------------------------------------------------- REQUIRED / MALFORMED

    static Stream<Arguments> missingOrMalformedTokens() {
        return Stream.of(
                refused("null token", AuthFailure.REQUIRED, () -> null),
                refused("empty token", AuthFailure.REQUIRED, () -> ""),
                refused("blank token", AuthFailure.REQUIRED, () -> "   "),
                refused("garbage 'not a jwt'", AuthFailure.MALFORMED, () -> "not a jwt"),
                refused("2 parts", AuthFailure.MALFORMED, () -> "eyJhbGciOiJSUzI1NiJ9.e30"),
                refused("4 parts", AuthFailure.MALFORMED, () -> "eyJhbGciOiJSUzI1NiJ9.e30.AA.AA"),
                refused("header not JSON", AuthFailure.MALFORMED, () -> Base64Url.encodeUtf8ByteRepresentation("hello") + "."
                        + Base64Url.encodeUtf8ByteRepresentation(payload(",\"sub\":\"a\"")) + ".AAAA"),
                refused("payload not JSON (validly signed)", AuthFailure.MALFORMED, () -> jose4j("RS256", rsa.getPrivate(), "hello", Map.of())),
                refused("payload JSON array (validly signed)", AuthFailure.MALFORMED, () -> jose4j("RS256", rsa.getPrivate(), "[1,2]", Map.of())),
                refused("JWE (5 parts)", AuthFailure.MALFORMED, () -> {
                    String jwe = claims().jwe().keyId("k1").encrypt(rsa.getPublic());
                    assertEquals(5, parts(jwe).length);
                    return jwe;
                }),
                refused("duplicate header member (validly signed)", AuthFailure.MALFORMED, () ->
                        rs256RawHeader("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"alg\":\"RS256\"}", payload(",\"sub\":\"a\""), rsa.getPrivate())),
                refused("duplicate claim 'sub' (validly signed)", AuthFailure.MALFORMED, () ->
                        rs256RawHeader("{\"alg\":\"RS256\"}", payload(",\"sub\":\"alice\",\"sub\":\"admin\""), rsa.getPrivate())),
                refused("token over 8192 bytes (validly signed)", AuthFailure.MALFORMED,
                        () -> claims().claim("pad", "x".repeat(9000)).sign(rsa.getPrivate())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingOrMalformedTokens")
    void a_missing_or_malformed_token_is_refused_as_such(String name, Verifier verifier, AuthFailure expected, Forge forge) throws Exception {
        rejected(name, verifier.get(), forge.token(), expected);
    }

    @Test
    void a_token_over_a_configured_size_limit_is_refused_unparsed() throws Exception {
        TokenVerifier small = new TokenVerifier(new JwtSettings(Set.of("RS256"), Optional.of(pem(rsa.getPublic())),
                Optional.empty(), Optional.empty(), Optional.of(ISS), Set.of(AUD), 5, 0, 200, JwksRefresh.DEFAULT));
        rejected("token over custom 200-byte limit", small, claims().sign(rsa.getPrivate()), AuthFailure.MALFORMED);
    }

    @Test
    void nonCanonicalBase64url() throws Exception {
        String good = claims().sign(rsa.getPrivate());
        List<String> p = Arrays.asList(parts(good));
        String sig = p.get(2);
        // RS256 signature = 256 bytes -> last quantum carries 4 unused bits; find a different last char
        // that jose4j decodes to the same bytes.
        String sameBytesSig = null;
        for (char ch : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray()) {
            String cand = sig.substring(0, sig.length() - 1) + ch;
            if (!cand.equals(sig) && Arrays.equals(Base64Url.decode(cand), Base64Url.decode(sig))) {
                sameBytesSig = cand;
                break;
            }
        }
        assertNotNull(sameBytesSig);
        String trailingBits = join(List.of(p.get(0), p.get(1), sameBytesSig));
        String padded = join(List.of(p.get(0), p.get(1), sig + "=="));
        String stdAlphabet = join(List.of(p.get(0), p.get(1), sig.replace('-', '+').replace('_', '/')));
        String junkChar = join(List.of(p.get(0), p.get(1), sig.substring(0, 10) + "*" + sig.substring(10)));

        // Fact: plain smallrye/jose4j accept the malleated signature encodings.
        JWTAuthContextInfo plain = new JWTAuthContextInfo(rsa.getPublic(), ISS);
        DefaultJWTTokenParser raw = new DefaultJWTTokenParser();
        raw.parse(trailingBits, plain);
        raw.parse(padded, plain);
        raw.parse(junkChar, plain);
        if (!sig.equals(sig.replace('-', '+').replace('_', '/'))) {
            raw.parse(stdAlphabet, plain);
        }

        rejected("signature part, trailing bits changed (same bytes)", rs256, trailingBits, AuthFailure.MALFORMED);
        rejected("signature part, '==' padding", rs256, padded, AuthFailure.MALFORMED);
        rejected("signature part, stray '*' char", rs256, junkChar, AuthFailure.MALFORMED);
        if (!sig.equals(sig.replace('-', '+').replace('_', '/'))) {
            rejected("signature part, standard alphabet +/", rs256, stdAlphabet, AuthFailure.MALFORMED);
        }
        rejected("header part, '=' padding appended", rs256, join(List.of(p.get(0) + "=", p.get(1), sig)), AuthFailure.MALFORMED);
    }

    // ---------------------------------------------------------------- SIGNATURE

    static Stream<Arguments> badSignatures() {
        Forge good = () -> claims().sign(rsa.getPrivate());
        var cases = new ArrayList<Arguments>(List.of(
                refused("signed by another RSA key", AuthFailure.SIGNATURE, () -> claims().sign(rsaOther.getPrivate())),
                refused("stripped signature (h.p.)", AuthFailure.SIGNATURE, () -> {
                    String[] p = parts(good.token());
                    return p[0] + "." + p[1] + ".";
                }),
                refused("payload swapped, signature kept", AuthFailure.SIGNATURE, () -> {
                    String[] p = parts(good.token());
                    return p[0] + "." + Base64Url.encodeUtf8ByteRepresentation(payload(",\"sub\":\"admin\"")) + "." + p[2];
                }),
                refused("wrong alg RS384 (same key)", AuthFailure.SIGNATURE, () -> claims().jws().algorithm(SignatureAlgorithm.RS384).sign(rsa.getPrivate())),
                refused("wrong alg PS256 (same key)", AuthFailure.SIGNATURE, () -> claims().jws().algorithm(SignatureAlgorithm.PS256).sign(rsa.getPrivate())),
                refused("ES256 token to RS256 verifier", AuthFailure.SIGNATURE, () -> claims().jws().algorithm(SignatureAlgorithm.ES256).sign(ec.getPrivate())),
                refused("RS256 token to HS256 verifier", Verifier.HS256, AuthFailure.SIGNATURE, good),
                refused("HS256 wrong secret", Verifier.HS256, AuthFailure.SIGNATURE,
                        () -> claims().jws().algorithm(SignatureAlgorithm.HS256).signWithSecret(SECRET + "x")),
                refused("alg header missing", AuthFailure.SIGNATURE, () -> {
                    String[] p = parts(good.token());
                    return Base64Url.encodeUtf8ByteRepresentation("{\"typ\":\"JWT\"}") + "." + p[1] + "." + p[2];
                })));
        for (String none : List.of("none", "None", "NONE", "nOnE")) {
            cases.add(refused("alg " + none + " (RS256 verifier)", AuthFailure.SIGNATURE, () -> unsigned(none, payload(",\"sub\":\"a\""))));
            cases.add(refused("alg " + none + " (HS256 verifier)", Verifier.HS256, AuthFailure.SIGNATURE, () -> unsigned(none, payload(",\"sub\":\"a\""))));
        }
        // RS256 -> HS256 key confusion: HMAC keyed with the RSA public key as PEM text, PEM without newline, and DER.
        Map<String, Function<KeyPair, byte[]>> confusedKeys = Map.of(
                "PEM text", keys -> pem(keys.getPublic()).getBytes(StandardCharsets.US_ASCII),
                "PEM text trimmed", keys -> pem(keys.getPublic()).trim().getBytes(StandardCharsets.US_ASCII),
                "DER", keys -> keys.getPublic().getEncoded());
        confusedKeys.forEach((form, key) -> cases.add(refused("HS256 key confusion with RSA public key as " + form, AuthFailure.SIGNATURE,
                () -> jose4j("HS256", new HmacKey(key.apply(rsa)), payload(",\"sub\":\"a\""), Map.of("typ", "JWT")))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignatures")
    void a_token_whose_signature_does_not_verify_is_refused(String name, Verifier verifier, AuthFailure expected, Forge forge) throws Exception {
        rejected(name, verifier.get(), forge.token(), expected);
    }

    @Test
    void es256ZeroSignatureCve2022_21449() throws Exception {
        String good = claims().jws().algorithm(SignatureAlgorithm.ES256).sign(ec.getPrivate());
        String[] p = parts(good);
        String zero = Base64Url.encode(new byte[64]);
        rejected("ES256 r=s=0 signature (CVE-2022-21449)", es256, p[0] + "." + p[1] + "." + zero, AuthFailure.SIGNATURE);
        rejected("ES256 1-byte signature", es256, p[0] + "." + p[1] + ".AA", AuthFailure.SIGNATURE);
        rejected("ES256 signed by RSA key material claims (alg ES256, RS sig)", es256,
                p[0] + "." + p[1] + "." + parts(claims().sign(rsa.getPrivate()))[2], AuthFailure.SIGNATURE);
    }

    @Test
    void embeddedKeyHeaderTricksNeverFetch() throws Exception {
        KeyPair attacker = rsa();
        AtomicInteger hits = new AtomicInteger();
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String attackerJwks = jwks(Map.of("evil", attacker.getPublic()));
        evil.createContext("/", ex -> {
            hits.incrementAndGet();
            byte[] b = attackerJwks.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        evil.start();
        try {
            String base = "http://127.0.0.1:" + evil.getAddress().getPort();
            Map<String, Object> jwkHeader = new LinkedHashMap<>();
            jwkHeader.put("kid", "evil");
            jwkHeader.put("jwk", org.jose4j.json.JsonUtil.parseJson(jwk(attacker.getPublic(), "evil")));
            rejected("embedded 'jwk' header with attacker key", rs256, jose4j("RS256", attacker.getPrivate(), payload(",\"sub\":\"a\""), jwkHeader), AuthFailure.SIGNATURE);
            rejected("'jku' header -> attacker JWKS", rs256, jose4j("RS256", attacker.getPrivate(), payload(",\"sub\":\"a\""),
                    Map.of("kid", "evil", "jku", base + "/jwks")), AuthFailure.SIGNATURE);
            rejected("'x5u' header -> attacker URL", rs256, jose4j("RS256", attacker.getPrivate(), payload(",\"sub\":\"a\""),
                    Map.of("x5u", base + "/cert.pem")), AuthFailure.SIGNATURE);

            // Same tricks against a JWKS-URL verifier (the resolver that does HTTP): still no fetch of jku/x5u.
            HttpServer idp = jwksServer(new AtomicReference<>(jwks(Map.of("k1", rsa.getPublic()))), new AtomicInteger());
            try {
                TokenVerifier remote = new TokenVerifier(settings(Set.of("RS256"), Optional.empty(),
                        Optional.of("http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks"), Optional.empty()));
                rejected("'jku' header on JWKS-URL verifier", remote, jose4j("RS256", attacker.getPrivate(), payload(",\"sub\":\"a\""),
                        Map.of("kid", "k1", "jku", base + "/jwks")), AuthFailure.SIGNATURE);
            } finally {
                idp.stop(0);
            }
            assertEquals(0, hits.get(), "jku/x5u must never be fetched");
            OBSERVED.put("jku/x5u URL requests observed", String.valueOf(hits.get()));
        } finally {
            evil.stop(0);
        }
    }

    // ---------------------------------------------------------------- JWKS over HTTP, rotation

    /** jose4j refetches a JWKS at most once per this long after its last fetch ("refresh reprieve"). */
    static final Duration JOSE4J_REFRESH_REPRIEVE = Duration.ofMillis(300);

    static HttpServer jwksServer(AtomicReference<String> body, AtomicInteger hits) throws Exception {
        return jwksServer(body, hits, new AtomicLong());
    }

    /** @param lastServed the {@link System#nanoTime()} at which the JWKS was last served */
    static HttpServer jwksServer(AtomicReference<String> body, AtomicInteger hits, AtomicLong lastServed) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/jwks", ex -> {
            hits.incrementAndGet();
            lastServed.set(System.nanoTime());
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        return s;
    }

    @Test
    void jwksRotationWithoutRebuildAndRefreshIsRateLimited() throws Exception {
        KeyPair k2 = rsa();
        KeyPair k3 = rsa();
        AtomicReference<String> body = new AtomicReference<>(jwks(Map.of("k1", rsa.getPublic())));
        AtomicInteger hits = new AtomicInteger();
        AtomicLong lastServed = new AtomicLong();
        HttpServer idp = jwksServer(body, hits, lastServed);
        try {
            TokenVerifier v = new TokenVerifier(settings(Set.of("RS256"), Optional.empty(),
                    Optional.of("http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks"), Optional.empty()));
            assertEquals(1, hits.get(), "JWKS fetched once at construction");
            ok("JWKS URL, kid k1", v, claims().jws().keyId("k1").sign(rsa.getPrivate()));
            for (int i = 0; i < 20; i++) {
                v.verify(claims().jws().keyId("k1").sign(rsa.getPrivate()));
            }
            assertEquals(1, hits.get(), "cached");

            body.set(jwks(Map.of("k2", k2.getPublic())));   // IdP rotates
            awaitRefreshReprieve(lastServed);
            ok("JWKS URL, rotated to new kid k2 (same verifier)", v, claims().jws().keyId("k2").sign(k2.getPrivate()));
            assertEquals(2, hits.get(), "one forced refresh on the unknown kid");
            rejected("JWKS URL, old kid k1 after rotation", v, claims().jws().keyId("k1").sign(rsa.getPrivate()), AuthFailure.SIGNATURE);

            for (int i = 0; i < 50; i++) {   // attacker floods made-up kids
                rejected("JWKS URL, unknown kid (flood)", v, claims().jws().keyId("bogus-" + i).sign(k2.getPrivate()), AuthFailure.SIGNATURE);
            }
            body.set(jwks(Map.of("k3", k3.getPublic())));
            awaitRefreshReprieve(lastServed); // so that only the forced-refresh interval can hold the refetch back
            rejected("JWKS URL, 2nd rotation within the 1-minute forced-refresh window", v,
                    claims().jws().keyId("k3").sign(k3.getPrivate()), AuthFailure.SIGNATURE);
            assertEquals(2, hits.get(), "no further fetch inside the forced-refresh interval");
            OBSERVED.put("JWKS fetches: construction + rotation + 50 bogus kids + 2nd rotation", String.valueOf(hits.get()));
        } finally {
            idp.stop(0);
        }
    }

    /**
     * Until jose4j may refetch: its reprieve runs from the end of its last fetch, a moment after the
     * IdP served it, hence the margin.
     */
    static void awaitRefreshReprieve(AtomicLong lastServed) {
        long wait = JOSE4J_REFRESH_REPRIEVE.plusMillis(100).toNanos();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> System.nanoTime() - lastServed.get() > wait);
    }

    // ---------------------------------------------------------------- CLAIMS / EXPIRED

    static Stream<Arguments> badClaims() {
        return Stream.of(
                refused("bad iss", AuthFailure.CLAIMS, () -> claims().issuer("https://evil").sign(rsa.getPrivate())),
                refused("missing iss", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(),
                        "{\"aud\":\"" + AUD + "\",\"sub\":\"a\",\"iat\":" + now() + ",\"exp\":" + (now() + 60) + "}", Map.of())),
                refused("bad aud", AuthFailure.CLAIMS, () -> claims().audience("other").sign(rsa.getPrivate())),
                refused("missing aud", AuthFailure.CLAIMS, () -> claims().remove("aud").sign(rsa.getPrivate())),
                refused("nbf 60 s in future", AuthFailure.CLAIMS, () -> claims().claim("nbf", now() + 60).sign(rsa.getPrivate())),
                refused("iat 60 s in future", AuthFailure.CLAIMS, () -> claims().issuedAt(now() + 60).expiresAt(now() + 600).sign(rsa.getPrivate())),
                refused("missing sub", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(), payload(""), Map.of())),
                refused("missing sub but upn present", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(), payload(",\"upn\":\"alice\""), Map.of())),
                refused("empty sub", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(), payload(",\"sub\":\"\""), Map.of())),
                refused("blank sub", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(), payload(",\"sub\":\"  \""), Map.of())),
                refused("sub not a string", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(), payload(",\"sub\":42"), Map.of())),
                refused("missing exp", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(),
                        "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\",\"sub\":\"a\",\"iat\":" + now() + "}", Map.of())),
                refused("missing iat", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(),
                        "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\",\"sub\":\"a\",\"exp\":" + (now() + 60) + "}", Map.of())),
                refused("exp not a number", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(),
                        "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\",\"sub\":\"a\",\"iat\":" + now() + ",\"exp\":\"soon\"}", Map.of())),
                refused("iat after exp", AuthFailure.CLAIMS, () -> {
                    long n = now();
                    return claims().issuedAt(n).expiresAt(n - 1).sign(rsa.getPrivate());
                }),
                refused("typ 'foo'", AuthFailure.CLAIMS, () -> claims().jws().type("foo").sign(rsa.getPrivate())),
                refused("typ 'JOSE'", AuthFailure.CLAIMS, () -> claims().jws().type("JOSE").sign(rsa.getPrivate())),
                refused("typ not a string", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(), payload(",\"sub\":\"a\""), Map.of("typ", 7))),
                refused("crit [\"exp\"] unknown", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(), payload(",\"sub\":\"a\""),
                        Map.of("crit", List.of("exp"), "exp", 1))),
                refused("crit [\"b64\"] (jose4j would know it)", AuthFailure.CLAIMS, () -> jose4j("RS256", rsa.getPrivate(), payload(",\"sub\":\"a\""),
                        Map.of("crit", List.of("b64"), "b64", true))),
                refused("groups claim is a number (smallrye ClassCastException)", AuthFailure.CLAIMS,
                        () -> jose4j("RS256", rsa.getPrivate(), payload(",\"sub\":\"a\",\"groups\":5"), Map.of())),
                refused("bad iss AND expired", AuthFailure.CLAIMS, () -> {
                    long n = now();
                    return claims().issuer("https://evil").issuedAt(n - 600).expiresAt(n - 60).sign(rsa.getPrivate());
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badClaims")
    void a_token_with_unacceptable_claims_is_refused(String name, Verifier verifier, AuthFailure expected, Forge forge) throws Exception {
        rejected(name, verifier.get(), forge.token(), expected);
    }

    @Test
    void expired() throws Exception {
        long exp = now() - 60;
        TokenRejectedException e = rejected("exp 60 s ago (beyond 5 s skew)", rs256, claims().issuedAt(exp - 300).expiresAt(exp).sign(rsa.getPrivate()), AuthFailure.EXPIRED);
        assertEquals(OptionalLong.of(exp), e.expiredAt());
        long exp2 = now() - 6;
        TokenRejectedException e2 = rejected("exp 6 s ago (just beyond skew)", rs256, claims().issuedAt(exp2 - 300).expiresAt(exp2).sign(rsa.getPrivate()), AuthFailure.EXPIRED);
        assertEquals(OptionalLong.of(exp2), e2.expiredAt());
        rejected("expired AND bad signature", rs256, claims().issuedAt(exp - 300).expiresAt(exp).sign(rsaOther.getPrivate()), AuthFailure.SIGNATURE);
    }

    @Test
    void expired_within_the_grace() throws Exception {
        TokenVerifier graceful = new TokenVerifier(new JwtSettings(Set.of("RS256"), Optional.of(pem(rsa.getPublic())),
                Optional.empty(), Optional.empty(), Optional.of(ISS), Set.of(AUD), 5, 3600, 8192, JwksRefresh.DEFAULT));
        long n = now();
        ok("exp 30 min ago, inside a 1 h grace", graceful, claims().issuedAt(n - 7200).expiresAt(n - 1800).sign(rsa.getPrivate()));
        TokenRejectedException beyond = rejected("exp 2 h ago, beyond the grace", graceful,
                claims().issuedAt(n - 9000).expiresAt(n - 7200).sign(rsa.getPrivate()), AuthFailure.EXPIRED);
        assertEquals(OptionalLong.of(n - 7200), beyond.expiredAt());
        rejected("inside the grace but nbf 10 min ahead (the grace is for exp only)", graceful,
                claims().issuedAt(n - 7200).expiresAt(n - 1800).claim("nbf", n + 600).sign(rsa.getPrivate()), AuthFailure.EXPIRED);
        rejected("inside the grace but signed by another key", graceful,
                claims().issuedAt(n - 7200).expiresAt(n - 1800).sign(rsaOther.getPrivate()), AuthFailure.SIGNATURE);
    }

    // ---------------------------------------------------------------- concurrency and rough speed

    @Test
    void concurrentUse() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add(claims().subject("u" + i).sign(rsa.getPrivate()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String t = tokens.get(i);
                fs.add(pool.submit(() -> {
                    String sub = null;
                    for (int j = 0; j < 200; j++) {
                        sub = rs256.verify(t).getSubject();
                    }
                    return sub;
                }));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals("u" + i, fs.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
