package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.HOLDER;
import static dev.groups.tickets.jwt.Fixtures.HS256;
import static dev.groups.tickets.jwt.Fixtures.NOW;
import static dev.groups.tickets.jwt.Fixtures.NOW_S;
import static dev.groups.tickets.jwt.Fixtures.PEER;
import static dev.groups.tickets.jwt.Fixtures.assertInvalid;
import static dev.groups.tickets.jwt.Fixtures.assertValid;
import static dev.groups.tickets.jwt.Fixtures.signed;
import static dev.groups.tickets.jwt.Fixtures.ticket;

import dev.groups.tickets.Expiration;
import dev.groups.tickets.TicketVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Spec §7.3 steps 5–13, one rule at a time, and the order in which they apply. */
class ClaimRulesTest {
    private static final String SUB = "\"sub\":\"" + PEER + "\"";

    private static TicketVerdict check(UnaryOperator<JwtBuilder> policy, String claims, Instant now) {
        return policy.apply(Jwt.withKey(HS256)).build().validate(ticket(signed(HS256, claims)), HOLDER, now);
    }

    private static TicketVerdict check(UnaryOperator<JwtBuilder> policy, String claims) {
        return check(policy, claims, NOW);
    }

    private static TicketVerdict check(String claims) {
        return check(b -> b, claims);
    }

    private static String withExp(long exp, String more) {
        return "{" + SUB + ",\"exp\":" + exp + (more.isEmpty() ? "" : "," + more) + "}";
    }

    private static Expiration at(long seconds) {
        return Expiration.at(Instant.ofEpochSecond(seconds));
    }

    @Test
    void validTicketExpiresAtItsExp() {
        assertValid(check(withExp(NOW_S + 1, "")), at(NOW_S + 1));
    }

    @Test
    void expIsExclusiveAndHasNoLeeway() {
        assertInvalid(check(withExp(NOW_S, "")), "expired at 2026-01-01T00:00:00Z");
        assertInvalid(check(withExp(NOW_S - 1, "")), "expired");
        // now is floored to whole seconds, as the original's unix-seconds clock
        assertInvalid(check(b -> b, withExp(NOW_S, ""), NOW.plusMillis(500)), "expired");
        assertValid(check(b -> b, withExp(NOW_S + 1, ""), NOW.plusMillis(999)), at(NOW_S + 1));
    }

    @Test
    void clockSkewIsOnlyWhatIsConfigured() {
        UnaryOperator<JwtBuilder> skew = b -> b.clockSkew(Duration.ofSeconds(2));
        assertInvalid(check(withExp(NOW_S - 1, "")), "expired");
        assertValid(check(skew, withExp(NOW_S - 1, "")), at(NOW_S + 1)); // reported expiration includes the skew
        assertInvalid(check(skew, withExp(NOW_S - 2, "")), "expired");
        assertInvalid(check(withExp(NOW_S + 60, "\"nbf\":" + (NOW_S + 1))), "not valid before");
        assertValid(check(skew, withExp(NOW_S + 60, "\"nbf\":" + (NOW_S + 2))), at(NOW_S + 62));
        assertInvalid(check(skew, withExp(NOW_S + 60, "\"nbf\":" + (NOW_S + 3))), "not valid before");
    }

    @Test
    void notBeforeIsInclusive() {
        assertValid(check(withExp(NOW_S + 60, "\"nbf\":" + NOW_S)), at(NOW_S + 60));
        assertInvalid(check(withExp(NOW_S + 60, "\"nbf\":" + (NOW_S + 1))), "not valid before 2026-01-01T00:00:01Z");
    }

    @Test
    void missingExpNeedsAllowNonExpiring() {
        String claims = "{" + SUB + "}";
        assertInvalid(check(claims), "no exp claim");
        assertValid(check(JwtBuilder::allowNonExpiring, claims), Expiration.never());
        assertInvalid(check(JwtBuilder::allowNonExpiring, withExp(NOW_S, "")), "expired"); // an exp still counts
        assertValid(check(JwtBuilder::allowNonExpiring, "{" + SUB + ",\"exp\":null}"), Expiration.never());
    }

    @Test
    void issuerMustBeOneOfTheAllowedWhenConfigured() {
        UnaryOperator<JwtBuilder> issuers = b -> b.allowIssuer("a").allowIssuer("b");
        assertValid(check(withExp(NOW_S + 9, "\"iss\":\"anyone\"")), at(NOW_S + 9));
        assertValid(check(issuers, withExp(NOW_S + 9, "\"iss\":\"b\"")), at(NOW_S + 9));
        assertInvalid(check(issuers, withExp(NOW_S + 9, "\"iss\":\"c\"")), "issuer \"c\" is not allowed");
        assertInvalid(check(issuers, withExp(NOW_S + 9, "\"iss\":\"A\"")), "issuer \"A\"");
        assertInvalid(check(issuers, withExp(NOW_S + 9, "")), "no iss claim");
        assertInvalid(check(issuers, withExp(NOW_S + 9, "\"iss\":null")), "no iss claim");
        assertInvalid(check(issuers, withExp(NOW_S + 9, "\"iss\":1")), "\"iss\" must be a string");
    }

    @Test
    void subjectIsTheHoldersPeerIdInLowercaseHexByDefault() {
        assertInvalid(check("{\"exp\":" + (NOW_S + 9) + "}"), "no sub claim");
        assertInvalid(check("{\"sub\":\"" + Fixtures.OTHER_PEER + "\",\"exp\":" + (NOW_S + 9) + "}"), "subject");
        assertInvalid(check("{\"sub\":\"" + PEER.toString().toUpperCase() + "\",\"exp\":" + (NOW_S + 9) + "}"), "subject");
        Jwt jwt = Jwt.withKey(HS256).build();
        assertInvalid(jwt.validate(ticket(signed(HS256, withExp(NOW_S + 9, ""))), Fixtures.OTHER_HOLDER, NOW),
                "is not " + Fixtures.OTHER_PEER);
    }

    @Test
    void requiredSubjectReplacesThePeerId() {
        UnaryOperator<JwtBuilder> svc = b -> b.requireSubject("service-a");
        String claims = "{\"sub\":\"service-a\",\"exp\":" + (NOW_S + 9) + "}";
        assertValid(check(svc, claims), at(NOW_S + 9));
        assertValid(svc.apply(Jwt.withKey(HS256)).build().validate(ticket(signed(HS256, claims)), Fixtures.OTHER_HOLDER, NOW),
                at(NOW_S + 9));
        assertInvalid(check(svc, withExp(NOW_S + 9, "")), "is not service-a");
    }

    @Test
    void audienceMustBeOneSingleAllowedString() {
        UnaryOperator<JwtBuilder> auds = b -> b.allowAudience("x").allowAudience("y");
        assertValid(check(auds, withExp(NOW_S + 9, "\"aud\":\"y\"")), at(NOW_S + 9));
        assertInvalid(check(auds, withExp(NOW_S + 9, "\"aud\":\"z\"")), "audience \"z\" is not allowed");
        assertInvalid(check(auds, withExp(NOW_S + 9, "")), "no aud claim");
        // spec: aud is a single string; an array fails claims decoding, whatever the policy
        assertInvalid(check(auds, withExp(NOW_S + 9, "\"aud\":[\"x\"]")), "single audience");
        assertInvalid(check(withExp(NOW_S + 9, "\"aud\":[\"x\"]")), "single audience");
        assertValid(check(withExp(NOW_S + 9, "\"aud\":\"anything\"")), at(NOW_S + 9));
    }

    @Test
    void maxLifetimeLimitsExpFromNow() {
        UnaryOperator<JwtBuilder> hour = b -> b.maxLifetime(Duration.ofHours(1));
        assertValid(check(hour, withExp(NOW_S + 3600, "")), at(NOW_S + 3600));
        assertInvalid(check(hour, withExp(NOW_S + 3601, "")), "more than PT1H from now");
        // only applies with an exp
        assertValid(check(b -> b.maxLifetime(Duration.ofHours(1)).allowNonExpiring(), "{" + SUB + "}"), Expiration.never());
    }

    @Test
    void maxAgeNeedsIatAndLimitsIt() {
        UnaryOperator<JwtBuilder> tenMinutes = b -> b.maxAge(Duration.ofMinutes(10));
        assertInvalid(check(tenMinutes, withExp(NOW_S + 9, "")), "no iat claim");
        assertValid(check(tenMinutes, withExp(NOW_S + 9, "\"iat\":" + (NOW_S - 600))), at(NOW_S + 9));
        assertInvalid(check(tenMinutes, withExp(NOW_S + 9, "\"iat\":" + (NOW_S - 601))), "more than PT10M ago");
        // saturating, as the original: an iat in the future passes
        assertValid(check(tenMinutes, withExp(NOW_S + 9, "\"iat\":" + (NOW_S + 5000))), at(NOW_S + 9));
    }

    @Test
    void requiredClaimsMustAllBePresentAndEqual() {
        UnaryOperator<JwtBuilder> claims = b -> b.requireClaim("role", "\"admin\"").requireClaim("level", "3")
                .requireClaim("meta", "{\"a\":[1,true,null],\"b\":{\"c\":\"d\"}}");
        String ok = "\"role\":\"admin\",\"level\":3,\"meta\":{\"b\":{\"c\":\"d\"},\"a\":[1,true,null]}";
        assertValid(check(claims, withExp(NOW_S + 9, ok)), at(NOW_S + 9));
        assertInvalid(check(claims, withExp(NOW_S + 9, "\"role\":\"admin\",\"level\":3")), "required claim \"meta\" is missing");
        assertInvalid(check(claims, withExp(NOW_S + 9, ok.replace("\"admin\"", "\"user\""))), "claim \"role\" is not \"admin\"");
        assertInvalid(check(claims, withExp(NOW_S + 9, ok.replace("3", "3.0"))), "claim \"level\" is not 3");
        assertInvalid(check(claims, withExp(NOW_S + 9, ok.replace("3", "\"3\""))), "claim \"level\"");
        assertInvalid(check(claims, withExp(NOW_S + 9, ok.replace("[1,true,null]", "[true,1,null]"))), "claim \"meta\"");
        assertValid(check(b -> b.requireClaim("f", "0.5"), withExp(NOW_S + 9, "\"f\":5e-1")), at(NOW_S + 9));
    }

    @Test
    void registeredClaimsHaveStrictTypes() {
        assertInvalid(check("{" + SUB + ",\"exp\":\"" + (NOW_S + 9) + "\"}"), "\"exp\" must be a whole number");
        assertInvalid(check("{" + SUB + ",\"exp\":" + (NOW_S + 9) + ".0}"), "\"exp\" must be a whole number");
        assertInvalid(check("{" + SUB + ",\"exp\":1.8e9}"), "\"exp\" must be a whole number");
        assertInvalid(check(withExp(NOW_S + 9, "\"nbf\":-1")), "\"nbf\" must be a whole number");
        assertInvalid(check(withExp(NOW_S + 9, "\"iat\":true")), "\"iat\" must be a whole number");
        assertInvalid(check(withExp(NOW_S + 9, "\"jti\":7")), "\"jti\" must be a string");
        assertInvalid(check("{\"sub\":[\"" + PEER + "\"],\"exp\":" + (NOW_S + 9) + "}"), "\"sub\" must be a string");
        assertInvalid(check("{" + SUB + ",\"exp\":18446744073709551616}"), "[0, 2^64)");
    }

    @Test
    void expBeyondTimeIsRejectedLast() {
        assertInvalid(check("{" + SUB + ",\"exp\":18446744073709551615}"), "too large for a time");
        assertInvalid(check("{" + SUB + ",\"exp\":9223372036854775807}"), "too large for a time");
        assertValid(check(withExp(Instant.MAX.getEpochSecond(), "")), at(Instant.MAX.getEpochSecond()));
        // with a lifetime limit the lifetime rule (step 9) comes first
        assertInvalid(check(b -> b.maxLifetime(Duration.ofDays(1)), "{" + SUB + ",\"exp\":18446744073709551615}"), "from now");
        // a huge nbf is simply in the future
        assertInvalid(check(withExp(NOW_S + 9, "\"nbf\":18446744073709551615")), "not valid before unix time ≥ 2^63");
    }

    @Test
    void rulesApplyInTheSpecOrder() {
        UnaryOperator<JwtBuilder> strict = b -> b.allowIssuer("good").allowAudience("aud").maxLifetime(Duration.ofHours(1))
                .maxAge(Duration.ofMinutes(1)).requireClaim("role", "\"admin\"");
        String allBad = "{\"iss\":\"bad\",\"sub\":\"nobody\",\"nbf\":" + (NOW_S + 99) + ",\"exp\":" + (NOW_S - 1)
                + ",\"aud\":\"other\",\"iat\":" + (NOW_S - 9999) + "}";
        assertInvalid(check(strict, allBad), "issuer \"bad\"");                                       // 5
        String s6 = allBad.replace("\"bad\"", "\"good\"");
        assertInvalid(check(strict, s6), "subject \"nobody\"");                                        // 6
        String s7 = s6.replace("\"nobody\"", "\"" + PEER + "\"");
        assertInvalid(check(strict, s7), "not valid before");                                          // 7
        String s8 = s7.replace("\"nbf\":" + (NOW_S + 99), "\"nbf\":" + NOW_S);
        assertInvalid(check(strict, s8), "expired");                                                   // 8
        String s9 = s8.replace("\"exp\":" + (NOW_S - 1), "\"exp\":" + (NOW_S + 7200));
        assertInvalid(check(strict, s9), "from now");                                                  // 9
        String s10 = s9.replace("\"exp\":" + (NOW_S + 7200), "\"exp\":" + (NOW_S + 60));
        assertInvalid(check(strict, s10), "ago");                                                      // 10
        String s11 = s10.replace("\"iat\":" + (NOW_S - 9999), "\"iat\":" + NOW_S);
        assertInvalid(check(strict, s11), "audience \"other\"");                                       // 11
        String s12 = s11.replace("\"other\"", "\"aud\"");
        assertInvalid(check(strict, s12), "required claim \"role\" is missing");                      // 12
        assertValid(check(strict, s12.replace("}", ",\"role\":\"admin\"}")), at(NOW_S + 60));          // 13
    }

    @Test
    void claimsMustBeAJsonObject() {
        assertInvalid(check("[1,2]"), "claims is not a JSON object");
        assertInvalid(check("{" + SUB + ",\"exp\":1,}"), "claims is not valid JSON");
        assertInvalid(check("{" + SUB + ",\"exp\":" + (NOW_S + 9) + ",\"exp\":" + (NOW_S + 99) + "}"), "duplicate member \"exp\"");
        assertInvalid(check("{'sub':'x'}"), "claims is not valid JSON");
    }
}
