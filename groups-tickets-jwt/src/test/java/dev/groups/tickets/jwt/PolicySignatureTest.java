package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.ES256_PUBLIC;
import static dev.groups.tickets.jwt.Fixtures.HS256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.UniqueId;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Jwt#signature()}: known answers computed independently by {@code src/test/vectors/jwt_vectors.py}
 * (python3 hashlib), and sensitivity to every policy setting.
 */
class PolicySignatureTest {
    private static final Es256 ES = Es256.hex(ES256_PUBLIC);

    @Test
    void ticketClassIsTheHashOfItsName() {
        assertEquals("ee746777498996af7e386e8b1433abce5e19fedeafaec6fe4d95dac848c79038", Jwt.CLASS.toString()); // python
        assertEquals(UniqueId.of("groups.tickets.jwt.v1"), Jwt.withKey(HS256).build().ticketClass());
    }

    @Test
    void knownAnswerForTheMinimalPolicy() {
        assertEquals("89a37c180fc32fa7b95e53ae6f472835b2084292edd868280187074d84d8d05e",
                Jwt.withKey(HS256).build().signature().toString());
    }

    @Test
    void knownAnswerForAFullPolicy() {
        Jwt jwt = Jwt.withKey(HS256).addKey(ES).allowNonExpiring().allowIssuer("issuer-b").allowIssuer("issuer-a")
                .allowAudience("aud").maxLifetime(Duration.ofHours(1)).maxAge(Duration.ofMinutes(10))
                .requireClaim("role", "\"admin\"").requireClaim("level", "3")
                .requireClaim("meta", "{ \"b\" : 1, \"a\" : [true, null, 1.5] }").build();
        assertEquals("ed0e1a03fd098cab89e31563d3549e3887a86ccc3d7211581977ffff208dd12c", jwt.signature().toString());
    }

    @Test
    void knownAnswerWithSubjectAndClockSkew() {
        Jwt jwt = Jwt.withKey(ES).requireSubject("fixed-subject").clockSkew(Duration.ofSeconds(5)).build();
        assertEquals("086b36e120b3cfe27a87ca4cf516f8dfcfbf9d3bffbc52123dc8612009fb2014", jwt.signature().toString());
    }

    @Test
    void stableAcrossInstancesAndConfigurationOrder() {
        Supplier<JwtBuilder> a = () -> Jwt.withKey(HS256).addKey(ES).allowIssuer("x").allowIssuer("y").allowAudience("p")
                .allowAudience("q").requireClaim("c1", "1").requireClaim("c2", "2");
        Supplier<JwtBuilder> b = () -> Jwt.withKey(ES).addKey(HS256).addKey(ES).allowIssuer("y").allowIssuer("x")
                .allowAudience("q").allowAudience("p").requireClaim("c2", "2").requireClaim("c1", "1").requireClaim("c1", "1");
        assertEquals(a.get().build().signature(), a.get().build().signature());
        assertEquals(a.get().build().signature(), b.get().build().signature());
        // neither the cache nor the JCA provider is policy
        assertEquals(a.get().build().signature(), a.get().cacheSize(0).build().signature());
    }

    @Test
    void everySettingChangesTheSignature() {
        Map<String, Supplier<JwtBuilder>> variants = new LinkedHashMap<>();
        variants.put("base", () -> Jwt.withKey(HS256));
        variants.put("other hs key", () -> Jwt.withKey(Fixtures.HS256_OTHER));
        variants.put("extra key", () -> Jwt.withKey(HS256).addKey(ES));
        variants.put("es key", () -> Jwt.withKey(ES));
        variants.put("hs384", () -> Jwt.withKey(Hs384.of(new byte[48])));
        variants.put("hs512", () -> Jwt.withKey(Hs512.of(new byte[64])));
        variants.put("eddsa", () -> Jwt.withKey(EdDsa.hex(Fixtures.EDDSA_PUBLIC)));
        variants.put("non-expiring", () -> Jwt.withKey(HS256).allowNonExpiring());
        variants.put("issuer", () -> Jwt.withKey(HS256).allowIssuer("i"));
        variants.put("two issuers", () -> Jwt.withKey(HS256).allowIssuer("i").allowIssuer("j"));
        variants.put("audience", () -> Jwt.withKey(HS256).allowAudience("i"));
        variants.put("subject", () -> Jwt.withKey(HS256).requireSubject("i"));
        variants.put("max lifetime", () -> Jwt.withKey(HS256).maxLifetime(Duration.ofSeconds(60)));
        variants.put("other max lifetime", () -> Jwt.withKey(HS256).maxLifetime(Duration.ofSeconds(61)));
        variants.put("max age", () -> Jwt.withKey(HS256).maxAge(Duration.ofSeconds(60)));
        variants.put("clock skew", () -> Jwt.withKey(HS256).clockSkew(Duration.ofSeconds(1)));
        variants.put("claim", () -> Jwt.withKey(HS256).requireClaim("i", "1"));
        variants.put("claim value", () -> Jwt.withKey(HS256).requireClaim("i", "2"));
        variants.put("claim float", () -> Jwt.withKey(HS256).requireClaim("i", "1.0"));
        variants.put("claim string", () -> Jwt.withKey(HS256).requireClaim("i", "\"1\""));
        variants.put("claim name", () -> Jwt.withKey(HS256).requireClaim("j", "1"));
        Set<UniqueId> seen = new HashSet<>();
        for (Map.Entry<String, Supplier<JwtBuilder>> v : variants.entrySet()) {
            assertTrue(seen.add(v.getValue().get().build().signature()), v.getKey() + " gives a signature already seen");
        }
    }

    @Test
    void zeroClockSkewIsTheDefault() {
        assertEquals(Jwt.withKey(HS256).build().signature(), Jwt.withKey(HS256).clockSkew(Duration.ZERO).build().signature());
    }
}
