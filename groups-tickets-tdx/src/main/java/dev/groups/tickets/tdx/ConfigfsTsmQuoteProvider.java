package dev.groups.tickets.tdx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Quotes from the Linux configfs TSM report interface ({@code Documentation/ABI/testing/configfs-tsm}):
 * create a report directory under {@code /sys/kernel/config/tsm/report}, check its {@code provider} is
 * {@code tdx_guest}, write the 64 bytes of REPORTDATA to {@code inblob}, read the quote from
 * {@code outblob}, check {@code generation} shows no concurrent writer, and remove the directory.
 * Each call uses its own directory, so calls may run concurrently.
 */
public final class ConfigfsTsmQuoteProvider implements QuoteProvider {
    public static final Path DEFAULT_ROOT = Path.of("/sys/kernel/config/tsm/report");
    private static final int MAX_QUOTE = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    public ConfigfsTsmQuoteProvider() {
        this(DEFAULT_ROOT);
    }

    /** With another report root (a bind mount, or a test directory). */
    public ConfigfsTsmQuoteProvider(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** True when the TSM report interface exists here (it does not say the provider is TDX). */
    public boolean available() {
        return Files.isDirectory(root);
    }

    @Override
    public byte[] quote(byte[] reportData64) throws IOException {
        Objects.requireNonNull(reportData64, "reportData64");
        if (reportData64.length != 64) {
            throw new IllegalArgumentException("REPORTDATA is 64 bytes, got " + reportData64.length);
        }
        if (!available()) {
            throw new QuoteUnavailableException("not inside a TDX guest: " + root + " is missing");
        }
        byte[] name = new byte[8];
        RANDOM.nextBytes(name);
        Path report = Files.createDirectory(root.resolve("groups-" + HexFormat.of().formatHex(name)));
        try {
            String provider = read(report.resolve("provider")).trim();
            if (!"tdx_guest".equals(provider)) {
                throw new QuoteUnavailableException("not inside a TDX guest: the TSM provider is \"" + provider
                        + "\", not tdx_guest");
            }
            long generation = Long.parseLong(read(report.resolve("generation")).trim());
            Files.write(report.resolve("inblob"), reportData64);
            byte[] quote = Files.readAllBytes(report.resolve("outblob"));
            long after = Long.parseLong(read(report.resolve("generation")).trim());
            if (after != generation + 1) {
                throw new IOException("the TSM report " + report + " was written concurrently (generation "
                        + generation + " → " + after + ")");
            }
            if (quote.length == 0 || quote.length > MAX_QUOTE) {
                throw new IOException("the TSM report returned a quote of " + quote.length + " bytes");
            }
            return quote;
        } catch (NumberFormatException e) {
            throw new IOException("the TSM report's generation is not a number", e);
        } finally {
            Files.deleteIfExists(report);
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "ConfigfsTsmQuoteProvider(" + root + ")";
    }
}
