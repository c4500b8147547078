package dev.groups.tickets.jwt;

import com.google.auto.service.AutoService;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketValidatorProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@code "jwt"} ticket validator, configured from settings. At least one key setting is required;
 * every list is comma-separated (several keys allow rotation):
 * <ul>
 *   <li>{@code hs256}, {@code hs384}, {@code hs512}: shared secrets in hex (32, 48, 64 bytes);</li>
 *   <li>{@code hs256-file}, {@code hs384-file}, {@code hs512-file}: files holding such a secret, read with
 *       {@link SecretFiles} (refused when group or others may read or write them);</li>
 *   <li>{@code es256}, {@code es384}, {@code es512}: compressed SEC1 public keys in hex (33, 49, 67 bytes);</li>
 *   <li>{@code eddsa}: Ed25519 public keys in hex (32 bytes);</li>
 *   <li>{@code issuer}, {@code audience}: allowed values (any one matches);</li>
 *   <li>{@code subject}: the required subject instead of the holder's peer id;</li>
 *   <li>{@code claim.<name>}: a required private claim, as JSON ({@code claim.role="admin"} with the quotes);</li>
 *   <li>{@code allow-non-expiring}: {@code true} or {@code false};</li>
 *   <li>{@code max-lifetime}, {@code max-age}, {@code clock-skew}: ISO-8601 durations in whole seconds ({@code PT1H});</li>
 *   <li>{@code cache-size}: verified tokens cached (default 1024, 0 disables).</li>
 * </ul>
 * Unknown settings and invalid values are an {@link IllegalArgumentException} naming the setting.
 */
@AutoService(TicketValidatorProvider.class)
@SuppressWarnings("exports") // AutoService is a compile-time annotation (requires static); users never see it
public final class JwtValidatorProvider implements TicketValidatorProvider {
    private static final Map<String, Function<String, VerifyingKey>> KEYS = Map.of(
            "hs256", Hs256::hex, "hs384", Hs384::hex, "hs512", Hs512::hex,
            "es256", Es256::hex, "es384", Es384::hex, "es512", Es512::hex, "eddsa", EdDsa::hex);
    private static final Map<String, SecretFileReader> SECRET_FILES = Map.of(
            "hs256-file", SecretFiles::hs256, "hs384-file", SecretFiles::hs384, "hs512-file", SecretFiles::hs512);

    /** {@link SecretFiles}' readers, which throw {@link IOException}. */
    private interface SecretFileReader {
        VerifyingKey read(Path file) throws IOException;
    }

    @Override
    public String name() {
        return "jwt";
    }

    /** The artifactId to add when "jwt" is missing (the default would give the JPMS module name). */
    @Override
    public String module() {
        return "groups-tickets-jwt";
    }

    @Override
    public TicketValidator create(Map<String, String> settings) {
        JwtBuilder builder = Jwt.builder();
        boolean anyKey = false;
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            try {
                anyKey |= apply(builder, key, value);
            } catch (IllegalArgumentException | DateTimeParseException ex) {
                throw new IllegalArgumentException("jwt setting " + key + ": " + ex.getMessage(), ex);
            }
        }
        if (!anyKey) {
            throw new IllegalArgumentException("jwt settings need at least one key: hs256, hs384, hs512 (or hs256-file, "
                    + "hs384-file, hs512-file), es256, es384, es512 or eddsa");
        }
        return builder.build();
    }

    /** @return true when the setting added a key */
    private static boolean apply(JwtBuilder b, String key, String value) {
        if (KEYS.containsKey(key)) {
            for (String item : list(value)) {
                b.addKey(KEYS.get(key).apply(item));
            }
            return true;
        }
        if (SECRET_FILES.containsKey(key)) {
            for (String item : list(value)) {
                try {
                    b.addKey(SECRET_FILES.get(key).read(Path.of(item)));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read " + item + ": " + e, e);
                }
            }
            return true;
        }
        if (key.startsWith("claim.")) {
            b.requireClaim(key.substring("claim.".length()), value);
            return false;
        }
        switch (key) {
            case "issuer" -> list(value).forEach(b::allowIssuer);
            case "audience" -> list(value).forEach(b::allowAudience);
            case "subject" -> b.requireSubject(value);
            case "allow-non-expiring" -> b.allowNonExpiring(bool(value));
            case "max-lifetime" -> b.maxLifetime(Duration.parse(value));
            case "max-age" -> b.maxAge(Duration.parse(value));
            case "clock-skew" -> b.clockSkew(Duration.parse(value));
            case "cache-size" -> b.cacheSize(integer(value));
            default -> throw new IllegalArgumentException("unknown setting (known: hs256, hs384, hs512, hs256-file, hs384-file, "
                    + "hs512-file, es256, es384, "
                    + "es512, eddsa, issuer, audience, subject, claim.<name>, allow-non-expiring, max-lifetime, max-age, "
                    + "clock-skew, cache-size)");
        }
        return false;
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String t = item.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("empty item in list \"" + value + "\"");
            }
            items.add(t);
        }
        return items;
    }

    private static boolean bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("must be true or false, got \"" + value + "\"");
        }
        return value.equals("true");
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be an integer, got \"" + value + "\"");
        }
    }
}
