package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.ES256_PUBLIC;
import static dev.groups.tickets.jwt.Fixtures.HOLDER;
import static dev.groups.tickets.jwt.Fixtures.NOW;
import static dev.groups.tickets.jwt.Fixtures.assertValid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.plugin.Plugins;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.TicketValidatorProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JwtValidatorProviderTest {
    private static Jwt create(Map<String, String> settings) {
        TicketValidatorProvider provider = Plugins.select(ServiceLoader.load(TicketValidatorProvider.class),
                "ticket validator", "jwt", "groups-tickets-jwt");
        assertEquals("groups-tickets-jwt", provider.module());
        return assertInstanceOf(Jwt.class, provider.create(settings));
    }

    @Test
    void isFoundByNameAndBuildsASingleKeyValidator() {
        Jwt jwt = create(Map.of("es256", ES256_PUBLIC));
        assertEquals(Jwt.withKey(Es256.hex(ES256_PUBLIC)).build().signature(), jwt.signature());
        assertValid(jwt.validate(Fixtures.hourTicket(Fixtures.ES256_SIGNER), HOLDER, NOW), Expiration.at(NOW.plusSeconds(3600)));
    }

    @Test
    void buildsTheWholePolicyFromSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("hs256", Fixtures.hex(0, 32) + ", " + "ff".repeat(32));
        settings.put("hs384", "00".repeat(48));
        settings.put("hs512", "00".repeat(64));
        settings.put("es256", ES256_PUBLIC);
        settings.put("eddsa", Fixtures.EDDSA_PUBLIC);
        settings.put("issuer", "a,b");
        settings.put("audience", "x");
        settings.put("subject", "svc");
        settings.put("claim.role", "\"admin\"");
        settings.put("claim.level", "3");
        settings.put("allow-non-expiring", "true");
        settings.put("max-lifetime", "PT1H");
        settings.put("max-age", "PT10M");
        settings.put("clock-skew", "PT5S");
        settings.put("cache-size", "0");
        Jwt expected = Jwt.withKey(Fixtures.HS256).addKey(Fixtures.HS256_OTHER).addKey(Hs384.of(new byte[48]))
                .addKey(Hs512.of(new byte[64])).addKey(Es256.hex(ES256_PUBLIC)).addKey(EdDsa.hex(Fixtures.EDDSA_PUBLIC))
                .allowIssuer("b").allowIssuer("a").allowAudience("x").requireSubject("svc").requireClaim("role", "\"admin\"")
                .requireClaim("level", "3").allowNonExpiring().maxLifetime(Duration.ofHours(1)).maxAge(Duration.ofMinutes(10))
                .clockSkew(Duration.ofSeconds(5)).build();
        assertEquals(expected.signature(), create(settings).signature());
        assertEquals(Jwt.withKey(Fixtures.HS256).build().signature(),
                create(Map.of("hs256", Fixtures.hex(0, 32), "allow-non-expiring", "false")).signature());
    }

    @Test
    void esKeysOfEveryCurveAreAccepted() {
        String p384 = Es384SigningKey.random().verifyingKey().toHex();
        String p521 = Es512SigningKey.random().verifyingKey().toHex();
        assertEquals(Jwt.withKey(Es384.hex(p384)).addKey(Es512.hex(p521)).build().signature(),
                create(Map.of("es384", p384, "es512", p521)).signature());
    }

    @Test
    void badSettingsNameTheSetting() {
        assertTrue(message(Map.of()).contains("at least one key"));
        assertTrue(message(Map.of("issuer", "a")).contains("at least one key"));
        assertTrue(message(Map.of("hs256", "00")).startsWith("jwt setting hs256: HS256 secret must be exactly 32 bytes"));
        assertTrue(message(Map.of("hs256", "zz")).startsWith("jwt setting hs256:"));
        assertTrue(message(Map.of("es256", "02" + "ff".repeat(32))).startsWith("jwt setting es256: ES256 public key is not a point"));
        assertTrue(message(Map.of("eddsa", "ff".repeat(32))).startsWith("jwt setting eddsa:"));
        assertTrue(message(Map.of("hs256", Fixtures.hex(0, 32) + ",")).startsWith("jwt setting hs256: empty item"));
        String key = Fixtures.hex(0, 32);
        assertTrue(message(Map.of("hs256", key, "isuer", "a")).startsWith("jwt setting isuer: unknown setting"));
        assertTrue(message(Map.of("hs256", key, "allow-non-expiring", "yes")).startsWith("jwt setting allow-non-expiring: must be true or false"));
        assertTrue(message(Map.of("hs256", key, "max-age", "10m")).startsWith("jwt setting max-age:"));
        assertTrue(message(Map.of("hs256", key, "max-lifetime", "PT0S")).startsWith("jwt setting max-lifetime: maxLifetime must be a positive"));
        assertTrue(message(Map.of("hs256", key, "clock-skew", "PT0.5S")).startsWith("jwt setting clock-skew:"));
        assertTrue(message(Map.of("hs256", key, "claim.role", "admin")).startsWith("jwt setting claim.role: required claim \"role\": invalid JSON"));
        assertTrue(message(Map.of("hs256", key, "claim.exp", "1")).startsWith("jwt setting claim.exp: \"exp\" is a registered claim"));
        assertTrue(message(Map.of("hs256", key, "cache-size", "-1")).startsWith("jwt setting cache-size:"));
        assertTrue(message(Map.of("hs256", key, "subject", "")).startsWith("jwt setting subject:"));
    }

    private static String message(Map<String, String> settings) {
        return assertThrows(IllegalArgumentException.class, () -> create(settings)).getMessage();
    }
}
