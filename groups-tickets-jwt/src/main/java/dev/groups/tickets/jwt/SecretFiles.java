package dev.groups.tickets.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads HMAC secrets from files, so that a secret need not appear on a command line (where every user of
 * the machine can read it in the process list) or in a settings map that gets logged.
 *
 * <p>A secret file holds the secret in hex (as {@code Hs256.hex} takes it); whitespace around it, such as a
 * final newline, is ignored. The file must not be readable <b>or writable</b> by its group or by others:
 * whoever can read it can mint tickets, and whoever can write it can choose the key. On file systems without
 * POSIX modes the check cannot be made and is skipped. Files over {@value #MAX_BYTES} bytes are refused
 * (a secret is a few dozen bytes; this stops {@code /dev/zero} or a log file given by mistake).
 *
 * <p>The methods are static and thread-safe; they read the file once and keep no handle to it.
 */
public final class SecretFiles {
    /** Largest secret file read, in bytes. */
    public static final int MAX_BYTES = 4096;

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private SecretFiles() {}

    /**
     * An HS256 secret (32 bytes in hex) from {@code file}. This is what a command-line flag such as
     * {@code --jwt-secret-file FILE} should call.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the file is open to others, too large, or not a 32-byte hex secret;
     *                                  the message names the file and never contains its content
     */
    public static Hs256 hs256(Path file) throws IOException {
        return key(file, "HS256 secret", Hs256::of);
    }

    /** An HS384 secret (48 bytes in hex) from {@code file}; as {@link #hs256}. */
    public static Hs384 hs384(Path file) throws IOException {
        return key(file, "HS384 secret", Hs384::of);
    }

    /** An HS512 secret (64 bytes in hex) from {@code file}; as {@link #hs256}. */
    public static Hs512 hs512(Path file) throws IOException {
        return key(file, "HS512 secret", Hs512::of);
    }

    /**
     * Which permissions make {@code file} unfit to hold a secret: group or others may read or write it.
     * Empty when it is fit, or when the file system has no POSIX modes.
     */
    public static Set<PosixFilePermission> tooOpen(Path file) throws IOException {
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        try {
            open.addAll(Files.getPosixFilePermissions(file)); // follows a link: the target holds the secret
        } catch (UnsupportedOperationException e) {
            return open;
        }
        open.retainAll(TOO_OPEN);
        return open;
    }

    private static <K> K key(Path file, String what, Function<byte[], K> of) throws IOException {
        byte[] secret = secret(file, what);
        try {
            return of.apply(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (in " + file + ")", e);
        } finally {
            Arrays.fill(secret, (byte) 0); // the key keeps its own copy
        }
    }

    private static byte[] secret(Path file, String what) throws IOException {
        Set<PosixFilePermission> open = tooOpen(file);
        if (!open.isEmpty()) {
            throw new IllegalArgumentException(what + " file " + file + " is accessible to others (" + describe(open)
                    + "); restrict it with: chmod 600 " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " file " + file + " is not a regular file");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_BYTES + 1);
        }
        if (content.length > MAX_BYTES) {
            throw new IllegalArgumentException(what + " file " + file + " is larger than " + MAX_BYTES
                    + " bytes; it should hold only the secret in hex");
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(what + " file " + file + " is empty");
        }
        // Hex.parse names the key kind and never echoes the content
        return Hex.parse(text, what + " in " + file);
    }

    private static String describe(Set<PosixFilePermission> open) {
        StringBuilder sb = new StringBuilder();
        for (PosixFilePermission p : open) {
            sb.append(sb.length() == 0 ? "" : ", ").append(p.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        return sb.toString();
    }
}
