package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.HS256;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Settings the validator builder refuses, each with a message saying why. */
class JwtBuilderTest {
    private static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void listsCannotHoldEmptyOrCommaSeparatedValues() {
        // the signature joins issuers and audiences with commas: "a,b" would equal "a" + "b"
        assertTrue(message(() -> Jwt.withKey(HS256).allowIssuer("a,b")).contains("issuer must not contain a comma"));
        assertTrue(message(() -> Jwt.withKey(HS256).allowAudience("")).contains("audience must not be empty"));
        assertTrue(message(() -> Jwt.withKey(HS256).requireSubject("")).contains("subject must not be empty"));
    }

    @Test
    void durationsArePositiveWholeSeconds() {
        assertTrue(message(() -> Jwt.withKey(HS256).maxLifetime(Duration.ZERO)).contains("maxLifetime must be a positive whole"));
        assertTrue(message(() -> Jwt.withKey(HS256).maxAge(Duration.ofMillis(1500))).contains("maxAge must be a positive whole"));
        assertTrue(message(() -> Jwt.withKey(HS256).maxAge(Duration.ofSeconds(-1))).contains("maxAge"));
        assertTrue(message(() -> Jwt.withKey(HS256).clockSkew(Duration.ofSeconds(-1))).contains("clockSkew must be zero or"));
        assertTrue(message(() -> Jwt.withKey(HS256).cacheSize(-1)).contains("cacheSize"));
    }

    @Test
    void requiredClaimsAreValidJsonOnPrivateNamesWithoutConflicts() {
        assertTrue(message(() -> Jwt.withKey(HS256).requireClaim("role", "admin")).contains("invalid JSON"));
        assertTrue(message(() -> Jwt.withKey(HS256).requireClaim("role", "\"a\" \"b\"")).contains("invalid JSON"));
        assertTrue(message(() -> Jwt.withKey(HS256).requireClaim("iss", "\"x\"")).contains("use allowIssuer"));
        assertTrue(message(() -> Jwt.withKey(HS256).requireClaim("", "1")).contains("must not be empty"));
        assertTrue(message(() -> Jwt.withKey(HS256).requireClaim("r", "1").requireClaim("r", "2")).contains("already required to be 1"));
    }

    @Test
    void toStringShowsThePolicyButNoSecret() {
        String s = Jwt.withKey(HS256).allowIssuer("iss-1").requireClaim("role", "\"admin\"").build().toString();
        assertTrue(s.contains("HS256:") && s.contains("iss-1") && s.contains("role=\"admin\""), s);
        assertFalse(s.contains(Fixtures.hex(0, 32)), s);
    }
}
