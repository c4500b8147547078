package dev.groups.tickets.tdx;

import com.google.auto.service.AutoService;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketValidatorProvider;
import dev.groups.tickets.tdx.internal.Pem;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code "tdx"} ticket validator, configured from settings. Measurement criteria are required: at least
 * one register in the baseline or an alternative, or {@code accept-any-measurements=true} to admit any genuine
 * TD on purpose. The other settings are optional:
 * <ul>
 *   <li>{@code accept-any-measurements}: {@code true} to run without measurement criteria;</li>
 *   <li>{@code mrtd}, {@code rtmr0}…{@code rtmr3}, {@code mrconfigid}, {@code mrowner},
 *       {@code mrownerconfig}: required baseline measurements, 96 hex characters each;</li>
 *   <li>{@code alternative.<n>.<register>}: allowed variants, grouped by {@code n} (in numeric order);</li>
 *   <li>{@code allow-debug}, {@code require-collateral}: {@code true} or {@code false};</li>
 *   <li>{@code max-age}, {@code max-lifetime}: ISO-8601 durations ({@code PT1H});
 *       {@code not-before}: an ISO-8601 instant;</li>
 *   <li>{@code tcb-statuses}: accepted statuses by Intel's names, comma-separated ({@code UpToDate,SWHardeningNeeded});</li>
 *   <li>{@code root}: a PEM file to pin instead of the Intel SGX Root CA;</li>
 *   <li>{@code tcb-info}, {@code qe-identity}, {@code tcb-signing-chain}, {@code crls} (comma-separated):
 *       collateral files.</li>
 * </ul>
 */
@AutoService(TicketValidatorProvider.class)
@SuppressWarnings("exports") // AutoService is a compile-time annotation (requires static); users never see it
public final class TdxTicketValidatorProvider implements TicketValidatorProvider {
    private static final Set<String> KEYS = Set.of("accept-any-measurements", "allow-debug", "require-collateral",
            "max-age", "max-lifetime",
            "not-before", "tcb-statuses", "root", "tcb-info", "qe-identity", "tcb-signing-chain", "crls");

    @Override
    public String name() {
        return "tdx";
    }

    /** The artifactId to add when "tdx" is missing (the default would give the JPMS module name). */
    @Override
    public String module() {
        return "groups-tickets-tdx";
    }

    @Override
    public TicketValidator create(Map<String, String> settings) {
        TdxPolicy.Builder policy = TdxPolicy.builder();
        MeasurementCriteria.Builder baseline = MeasurementCriteria.builder();
        Map<Integer, MeasurementCriteria.Builder> alternatives = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            String key = e.getKey();
            String value = e.getValue().trim();
            if (key.startsWith("alternative.")) {
                String[] parts = key.split("\\.", 3);
                int n = parseInt(parts.length == 3 ? parts[1] : "", key);
                measurement(alternatives.computeIfAbsent(n, i -> MeasurementCriteria.builder()), parts[2], key, value);
            } else if (!KEYS.contains(key)) {
                measurement(baseline, key, key, value);
            }
        }
        policy.baseline(baseline.build());
        alternatives.values().forEach(b -> policy.allowAlternative(b.build()));
        settings.forEach((key, value) -> apply(policy, key, value.trim()));
        TdxPolicy built;
        try {
            built = policy.build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("tdx settings need measurement criteria (mrtd, rtmr0…rtmr3, mrconfigid, "
                    + "mrowner, mrownerconfig or alternative.<n>.<register>), or accept-any-measurements=true to admit "
                    + "any genuine TD", e);
        }
        return new TdxTicketValidator(built, collateral(settings));
    }

    private static void measurement(MeasurementCriteria.Builder builder, String register, String key, String hex) {
        MeasurementCriteria.Register r;
        try {
            r = MeasurementCriteria.Register.valueOf(register.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown tdx setting \"" + key + "\"");
        }
        try {
            builder.require(r, hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tdx setting " + key + ": " + e.getMessage(), e);
        }
    }

    private static void apply(TdxPolicy.Builder policy, String key, String value) {
        try {
            switch (key) {
                case "accept-any-measurements" -> {
                    if (bool(value, key)) {
                        policy.acceptAnyMeasurements();
                    }
                }
                case "allow-debug" -> policy.allowDebug(bool(value, key));
                case "require-collateral" -> policy.requireCollateral(bool(value, key));
                case "max-age" -> policy.maxAge(Duration.parse(value));
                case "max-lifetime" -> policy.maxLifetime(Duration.parse(value));
                case "not-before" -> policy.notBefore(Instant.parse(value));
                case "tcb-statuses" -> policy.acceptTcbStatuses(statuses(value));
                case "root" -> policy.pinnedRoot(Pem.certificates(read(value, key)).get(0));
                default -> { } // measurements and collateral are handled elsewhere
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("tdx setting " + key + "=" + value + ": " + e.getMessage(), e);
        }
    }

    private static TdxCollateral collateral(Map<String, String> settings) {
        TdxCollateral.Builder b = TdxCollateral.builder();
        try {
            if (settings.containsKey("tcb-info")) {
                b.tcbInfo(read(settings.get("tcb-info").trim(), "tcb-info"));
            }
            if (settings.containsKey("qe-identity")) {
                b.qeIdentity(read(settings.get("qe-identity").trim(), "qe-identity"));
            }
            if (settings.containsKey("tcb-signing-chain")) {
                b.signingChain(read(settings.get("tcb-signing-chain").trim(), "tcb-signing-chain"));
            }
            if (settings.containsKey("crls")) {
                for (String path : settings.get("crls").split(",")) {
                    b.crl(read(path.trim(), "crls"));
                }
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tdx collateral settings: " + e.getMessage(), e);
        }
    }

    static Set<TcbStatus> statuses(String value) {
        Set<TcbStatus> out = EnumSet.noneOf(TcbStatus.class);
        for (String name : value.split(",")) {
            out.add(TcbStatus.fromIntelName(name.trim()).orElseThrow(
                    () -> new IllegalArgumentException("unknown TCB status \"" + name.trim() + "\"")));
        }
        return out;
    }

    /** A short reason for a file error: the JDK's messages for these are just the path. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean bool(String value, String key) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("tdx setting " + key + " must be true or false, got \"" + value + "\"");
        }
        return value.equals("true");
    }

    private static int parseInt(String s, String key) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tdx setting " + key + ": expected alternative.<number>.<register>");
        }
    }

    static byte[] read(String path, String key) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + path + ": " + describe(e), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": invalid path " + path, e);
        }
    }
}
