package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.HOLDER;
import static dev.groups.tickets.jwt.Fixtures.NOW;
import static dev.groups.tickets.jwt.Fixtures.hourTicket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.plugin.Plugins;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketValidatorProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HMAC secrets read from files: the mode check, the format, and the provider's {@code hs256-file} setting. */
class SecretFilesTest {
    @TempDir
    Path dir;

    private Path secretFile(String content, String mode) throws IOException {
        Path file = dir.resolve("secret-" + mode);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static String hex(HmacKey key) {
        return HexFormat.of().formatHex(key.toBytes());
    }

    @Test
    void anOwnerOnlyFileGivesTheKeyItHolds() throws IOException {
        Hs256 key = Hs256.random();
        assertEquals(key, SecretFiles.hs256(secretFile(hex(key) + "\n", "rw-------")));
        assertEquals(key, SecretFiles.hs256(secretFile("  " + hex(key) + "  \n\n", "r--------")));
        Hs384 k384 = Hs384.random();
        assertEquals(k384, SecretFiles.hs384(secretFile(hex(k384), "rw-------")));
        Hs512 k512 = Hs512.random();
        assertEquals(k512, SecretFiles.hs512(secretFile(hex(k512), "rw-------")));
    }

    @Test
    void aFileOthersMayReadOrWriteIsRefusedWithoutShowingTheSecret() throws IOException {
        String secret = hex(Hs256.random());
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw-----w-", "rw-rw-rw-", "rw-r--r--"}) {
            Path file = secretFile(secret, mode);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecretFiles.hs256(file), mode);
            assertTrue(e.getMessage().contains("is accessible to others") && e.getMessage().contains("chmod 600 " + file),
                    e.getMessage());
            assertFalse(e.getMessage().contains(secret), "the message must not contain the secret");
            assertFalse(SecretFiles.tooOpen(file).isEmpty());
        }
        assertTrue(SecretFiles.tooOpen(secretFile(secret, "rwx------")).isEmpty());
    }

    @Test
    void badContentIsRefusedWithTheFileNamed() throws IOException {
        Path empty = secretFile("\n", "rw-------");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecretFiles.hs256(empty)).getMessage().contains("is empty"));
        Path notHex = secretFile("correct horse battery staple", "rw-------");
        String m = assertThrows(IllegalArgumentException.class, () -> SecretFiles.hs256(notHex)).getMessage();
        assertTrue(m.contains(notHex.toString()) && !m.contains("horse"), m);
        Path shortKey = secretFile("00".repeat(31), "rw-------");
        m = assertThrows(IllegalArgumentException.class, () -> SecretFiles.hs256(shortKey)).getMessage();
        assertTrue(m.contains("exactly 32 bytes, got 31 bytes") && m.contains(shortKey.toString()), m);
        Path huge = secretFile("0".repeat(SecretFiles.MAX_BYTES + 2), "rw-------");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecretFiles.hs256(huge)).getMessage().contains("larger than"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecretFiles.hs256(dir)).getMessage().contains("not a regular file"));
        assertThrows(NoSuchFileException.class, () -> SecretFiles.hs256(dir.resolve("missing")));
    }

    @Test
    void theProviderReadsSecretFiles() throws IOException {
        Hs256 key = Hs256.random();
        Path file = secretFile(hex(key), "rw-------");
        TicketValidatorProvider provider = Plugins.select(ServiceLoader.load(TicketValidatorProvider.class),
                "ticket validator", "jwt", "groups-tickets-jwt");
        TicketValidator fromFile = provider.create(Map.of("hs256-file", file.toString()));
        assertTrue(fromFile.validate(hourTicket(key), HOLDER, NOW).isValid());
        // the same key given in hex makes the same group: the file is only another way to pass the secret
        assertEquals(provider.create(Map.of("hs256", hex(key))).signature(), fromFile.signature());

        Path open = secretFile(hex(key), "rw-r--r--");
        String m = assertThrows(IllegalArgumentException.class, () -> provider.create(Map.of("hs256-file", open.toString())))
                .getMessage();
        assertTrue(m.startsWith("jwt setting hs256-file: HS256 secret file " + open + " is accessible to others"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> provider.create(Map.of("hs256-file", dir.resolve("missing").toString()))).getMessage();
        assertTrue(m.startsWith("jwt setting hs256-file: cannot read"), m);
    }
}
