package io.roomgate.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Keys generated once per test JVM; the server under test trusts {@link #RSA}'s public key. */
public final class SuiteKeys {

    public static final KeyPair RSA = generate("RSA", 2048);
    public static final KeyPair OTHER_RSA = generate("RSA", 2048);
    public static final KeyPair EC = generateEc();
    public static final String HMAC_SECRET = "roomgate-test-secret-0123456789-abcdefghij";
    /** The server-bypass secret of internal services, new for every test JVM. */
    public static final String BYPASS_SECRET = "bypass-" + java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();

    private SuiteKeys() {
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }

    /**
     * {@link #RSA}'s private key as a PKCS#8 PEM file, for the servers' token exchange: tokens it
     * signs verify against the suite's JWKS like the suite's own.
     */
    public static synchronized String issuerKeyFile() {
        if (issuerKeyFile == null) {
            try {
                var file = java.nio.file.Files.createTempFile("roomgate-issuer-", ".pem");
                file.toFile().deleteOnExit();
                java.nio.file.Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(RSA.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
                issuerKeyFile = file.toString();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return issuerKeyFile;
    }

    private static String issuerKeyFile;

    private static KeyPair generate(String algorithm, int size) {
        try {
            var generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(size);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generateEc() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
