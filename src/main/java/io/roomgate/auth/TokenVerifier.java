package io.roomgate.auth;

import io.roomgate.config.JwtSettings;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.InvalidJwtSignatureException;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.CompactSerializer;
import org.jose4j.jwx.HeaderParameterNames;
import org.jose4j.jwx.Headers;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.InvalidKeyException;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import io.smallrye.jwt.KeyFormat;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies a compact JWS JWT with smallrye-jwt/jose4j and adds the Roomgate protocol rules smallrye
 * does not enforce itself. Build once and share: it is thread-safe (the smallrye parser builds a fresh
 * jose4j consumer per call and its key resolver is internally synchronised).
 */
public final class TokenVerifier {

    private static final Set<String> ACCEPTED_TYP = Set.of("jwt", "at+jwt");

    /** jose4j error codes that mean the token is not (or not verifiably) signed by our key. */
    private static final Set<Integer> SIGNATURE_CODES = Set.of(
            ErrorCodes.SIGNATURE_INVALID, ErrorCodes.SIGNATURE_MISSING, ErrorCodes.INTEGRITY_MISSING);

    private final JWTAuthContextInfo contextInfo;
    /** The same rules with the expired-token grace added to the skew; null when there is no grace. */
    private final JWTAuthContextInfo graceContextInfo;
    private final EagerTokenParser parser = new EagerTokenParser();
    private final int clockSkewSeconds;
    private final int maxTokenBytes;

    public TokenVerifier(JwtSettings settings) {
        this.clockSkewSeconds = settings.clockSkewSeconds();
        this.maxTokenBytes = settings.maxTokenBytes();
        this.contextInfo = buildContextInfo(settings, settings.clockSkewSeconds());
        this.graceContextInfo = settings.expiredGraceSeconds() > 0
                ? buildContextInfo(settings, settings.clockSkewSeconds() + settings.expiredGraceSeconds())
                : null;
        try {
            // smallrye builds its key resolver (and fetches a remote JWKS) lazily on the first token; a
            // failure there would then be retried on every handshake. Build it now so a bad key
            // configuration or an unreachable JWKS fails start-up instead.
            parser.initialise(contextInfo);
        } catch (UnresolvableKeyException e) {
            // The cause message may name the key location; the key content itself is never in it.
            throw new IllegalStateException("JWT verification key could not be loaded", e);
        }
    }

    private static JWTAuthContextInfo buildContextInfo(JwtSettings settings, int skewSeconds) {
        // Keep the configured order: for PEM content smallrye decodes the key for the first algorithm.
        Set<SignatureAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : settings.algorithms()) {
            algorithms.add(SignatureAlgorithm.fromAlgorithm(name));
        }
        // JwtSettings guarantees one family, and a secret (long enough) exactly when it is HMAC's:
        // mixing families in one verifier is what makes RS256->HS256 key confusion possible.
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setSignatureAlgorithm(algorithms);
        info.setKeyFormat(KeyFormat.ANY);
        if (settings.hmacSecret().isPresent()) {
            byte[] secret = settings.hmacSecret().get().getBytes(StandardCharsets.UTF_8);
            // A SecretKey rather than setSecretKeyContent: smallrye logs its context (with the *Content
            // fields) at DEBUG, and a SecretKeySpec does not print its bytes.
            info.setSecretVerificationKey(new SecretKeySpec(secret, "HmacSHA256"));
        }
        settings.publicKey().ifPresent(info::setPublicKeyContent);
        settings.publicKeyLocation().ifPresent(info::setPublicKeyLocation);
        info.setJwksRefreshInterval(settings.jwksRefresh().interval());
        info.setForcedJwksRefreshInterval(settings.jwksRefresh().forcedInterval());

        info.setIssuedBy(settings.issuer().orElse(null));
        info.setExpectedAudience(settings.audiences().isEmpty() ? null : Set.copyOf(settings.audiences()));
        // smallrye's default skew is 60 s, and exp-grace (if > 0) would override the skew.
        info.setClockSkew(skewSeconds);
        info.setExpGracePeriodSecs(0);
        // maxTimeToLive null + no token age => smallrye requires iat (and exp is always required).
        info.setMaxTimeToLiveSecs(null);
        info.setTokenAge(null);
        // smallrye would otherwise accept upn/preferred_username instead of sub and even copy them into sub.
        info.setRequireNamedPrincipal(false);
        info.setRequiredClaims(Set.of(Claims.sub.name()));
        // smallrye defaults to relaxed key validation; strict makes jose4j check the key type/curve
        // against alg, RSA >= 2048 bits and HMAC key length >= hash length.
        info.setRelaxVerificationKeyValidation(false);
        return info;
    }

    /**
     * @return the verified claims (without the {@code raw_token} claim smallrye injects)
     * @throws TokenRejectedException with a fixed, client-safe classification
     */
    public JwtClaims verify(String token) throws TokenRejectedException {
        return verifyToken(token).claims();
    }

    /** A verified token's claims and the {@code kid} of the key its signature was checked with, if it named one. */
    public record VerifiedToken(JwtClaims claims, String keyId) {
    }

    /** {@link #verify}, keeping the verified header's {@code kid} (for the audit log). */
    public VerifiedToken verifyToken(String token) throws TokenRejectedException {
        if (token == null || token.isBlank()) {
            throw new TokenRejectedException(AuthFailure.REQUIRED);
        }
        // Before any parsing: bounds the work an unauthenticated peer can make us do. A char count can
        // undercount UTF-8 bytes only for non-ASCII input, which the canonical check below refuses.
        if (token.length() > maxTokenBytes) {
            throw new TokenRejectedException(AuthFailure.MALFORMED);
        }
        Headers unverified = checkStructure(token);

        JwtContext context;
        try {
            context = parse(token, contextInfo);
        } catch (TokenRejectedException rejected) {
            if (rejected.failure() != AuthFailure.EXPIRED || graceContextInfo == null) {
                throw rejected;
            }
            context = parseWithinGrace(token, rejected);
        }

        JwtClaims claims = context.getJwtClaims();
        claims.unsetClaim(Claims.raw_token.name());
        Headers verified = verifiedHeaderSource(context, unverified);
        checkProtocolRules(verified, claims);
        return new VerifiedToken(claims, verified.getStringHeaderValue(HeaderParameterNames.KEY_ID));
    }

    private JwtContext parse(String token, JWTAuthContextInfo info) throws TokenRejectedException {
        try {
            return parser.parse(token, info);
        } catch (ParseException e) {
            throw classify(e);
        } catch (RuntimeException e) {
            // smallrye's claim post-processing (groups/roles mapping) runs only after the signature
            // and the standard claims were accepted, and throws e.g. ClassCastException on odd types.
            throw new TokenRejectedException(AuthFailure.CLAIMS);
        }
    }

    /**
     * An expired token once more with the grace added to the skew. That wider skew cannot let a
     * future {@code nbf} in: an expired token's {@code nbf} past now + skew would lie after its
     * {@code exp}, which jose4j refuses whatever the skew.
     */
    private JwtContext parseWithinGrace(String token, TokenRejectedException expired) throws TokenRejectedException {
        try {
            return parse(token, graceContextInfo);
        } catch (TokenRejectedException beyondGrace) {
            throw expired;
        }
    }

    /**
     * Rules jose4j does not apply, checked before it runs: exactly three parts (so a JWE is refused
     * outright), every part in canonical unpadded base64url (jose4j's decoder silently skips padding,
     * stray characters and non-zero trailing bits, so e.g. two different signature strings would
     * verify), a parsable header (jose4j's splitter, codec and header parser), and no {@code crit}:
     * Roomgate understands no JWS extension (jose4j itself would let {@code b64} through). Only the
     * small header is decoded here; jose4j decodes the rest once, when it verifies.
     */
    private static Headers checkStructure(String token) throws TokenRejectedException {
        String[] parts = CompactSerializer.deserialize(token);
        if (parts.length != 3) {
            throw new TokenRejectedException(AuthFailure.MALFORMED);
        }
        for (String part : parts) {
            if (!CanonicalBase64Url.isCanonical(part)) {
                throw new TokenRejectedException(AuthFailure.MALFORMED);
            }
        }
        var headers = new Headers();
        try {
            headers.setFullHeaderAsJsonString(new String(Base64Url.decode(parts[0]), StandardCharsets.UTF_8));
        } catch (JoseException | RuntimeException e) {
            throw new TokenRejectedException(AuthFailure.MALFORMED);
        }
        if (headers.getObjectHeaderValue(HeaderParameterNames.CRITICAL) != null) {
            throw new TokenRejectedException(AuthFailure.CLAIMS);
        }
        return headers;
    }

    private static Headers verifiedHeaderSource(JwtContext context, Headers fallback) {
        List<JsonWebStructure> objects = context.getJoseObjects();
        return objects.isEmpty() ? fallback : objects.get(0).getHeaders();
    }

    private void checkProtocolRules(Headers headers, JwtClaims claims) throws TokenRejectedException {
        Object typ = headers.getObjectHeaderValue(HeaderParameterNames.TYPE);
        if (typ != null && !(typ instanceof String && ACCEPTED_TYP.contains(((String) typ).toLowerCase(Locale.ROOT)))) {
            throw new TokenRejectedException(AuthFailure.CLAIMS);
        }
        try {
            // jose4j's iat check only requires presence; smallrye only checks iat <= exp.
            NumericDate iat = claims.getIssuedAt();
            long now = System.currentTimeMillis() / 1000L;
            if (iat == null || iat.getValue() > now + clockSkewSeconds) {
                throw new TokenRejectedException(AuthFailure.CLAIMS);
            }
            String sub = claims.getSubject();
            if (sub == null || sub.isBlank()) {
                throw new TokenRejectedException(AuthFailure.CLAIMS);
            }
        } catch (MalformedClaimException e) {
            throw new TokenRejectedException(AuthFailure.CLAIMS);
        }
    }

    /** Maps smallrye/jose4j failures by exception type and jose4j error code, never by message text. */
    private static TokenRejectedException classify(ParseException e) {
        Throwable cause = e.getCause();
        if (cause == null) {
            // smallrye's own iat/exp consistency checks (iat > exp, ...) carry no cause.
            return new TokenRejectedException(AuthFailure.CLAIMS);
        }
        if (cause instanceof UnresolvableKeyException || cause instanceof InvalidJwtSignatureException) {
            // Includes smallrye's UnmatchedTokenKidException (unknown kid even after a JWKS refresh).
            return new TokenRejectedException(AuthFailure.SIGNATURE);
        }
        if (!(cause instanceof InvalidJwtException)) {
            return new TokenRejectedException(AuthFailure.SIGNATURE);
        }
        InvalidJwtException ije = (InvalidJwtException) cause;
        List<ErrorCodeValidator.Error> errors = ije.getErrorDetails();
        if (errors == null || errors.isEmpty()) {
            // smallrye's required-claims check builds an InvalidJwtException without error details.
            return new TokenRejectedException(AuthFailure.CLAIMS);
        }
        if (errors.stream().anyMatch(err -> SIGNATURE_CODES.contains(err.getErrorCode()))) {
            return new TokenRejectedException(AuthFailure.SIGNATURE);
        }
        if (ije.hasErrorCode(ErrorCodes.JSON_INVALID)) {
            return new TokenRejectedException(AuthFailure.MALFORMED);
        }
        if (ije.hasErrorCode(ErrorCodes.MISCELLANEOUS)) {
            return classifyProcessingFailure(ije);
        }
        boolean onlyExpired = errors.stream().allMatch(err -> err.getErrorCode() == ErrorCodes.EXPIRED);
        if (onlyExpired) {
            return new TokenRejectedException(AuthFailure.EXPIRED, expirationOf(ije));
        }
        return new TokenRejectedException(AuthFailure.CLAIMS);
    }

    /**
     * jose4j uses MISCELLANEOUS both for claim-validator findings (e.g. exp before iat; these never
     * carry a cause) and for processing failures (always wrapping the underlying exception). For the
     * latter the cause type and the stage tell them apart: claims not yet parsed means the JOSE
     * structure or payload was unusable; after that, the key resolution or signature check failed.
     */
    private static TokenRejectedException classifyProcessingFailure(InvalidJwtException ije) {
        Throwable cause = ije.getCause();
        if (cause == null) {
            return new TokenRejectedException(AuthFailure.CLAIMS);
        }
        if (cause instanceof InvalidAlgorithmException || cause instanceof InvalidKeyException
                || cause instanceof UnresolvableKeyException) {
            return new TokenRejectedException(AuthFailure.SIGNATURE);
        }
        JwtContext ctx = ije.getJwtContext();
        boolean claimsParsed = ctx != null && ctx.getJwtClaims() != null;
        return new TokenRejectedException(claimsParsed ? AuthFailure.SIGNATURE : AuthFailure.MALFORMED);
    }

    private static OptionalLong expirationOf(InvalidJwtException ije) {
        try {
            JwtContext ctx = ije.getJwtContext();
            NumericDate exp = ctx == null || ctx.getJwtClaims() == null ? null : ctx.getJwtClaims().getExpirationTime();
            return exp == null ? OptionalLong.empty() : OptionalLong.of(exp.getValue());
        } catch (MalformedClaimException e) {
            return OptionalLong.empty();
        }
    }

    /** Exposes smallrye's protected resolver factory so the key source is loaded at construction. */
    private static final class EagerTokenParser extends DefaultJWTTokenParser {
        void initialise(JWTAuthContextInfo info) throws UnresolvableKeyException {
            if (info.getSecretVerificationKey() == null) {
                getVerificationKeyResolver(info);
            }
        }
    }
}
