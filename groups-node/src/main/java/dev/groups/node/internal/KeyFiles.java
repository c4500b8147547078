package dev.groups.node.internal;

import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.node.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * The node's secrets on disk. A group key file holds the 32-byte secret as 64 hex characters and a
 * newline (a passphrase is accepted too and stretched with PBKDF2, as {@link GroupKey#fromSecret(String)}
 * does; prefer {@code keygen}'s random keys). The
 * node identity is its Ed25519 private key, PKCS#8 in base64. Both are written with mode 600; their
 * content is never printed.
 */
public final class KeyFiles {
    /** The identity file inside the data directory. */
    public static final String IDENTITY = "node.key";

    private KeyFiles() {}

    /** Writes a fresh random group key; refuses to replace an existing file. */
    public static void writeNewGroupKey(Path file) {
        GroupKey key = GroupKey.random();
        byte[] text = (HexFormat.of().formatHex(key.secret().toBytes()) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            SecretFiles.write(file, text, false);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigException("key file " + file + " already exists; not replacing a key (remove it first)");
        } catch (IOException e) {
            throw new ConfigException("cannot write key file " + file + ": " + describe(e));
        }
    }

    /** Reads a group key file; warns (one line on {@code warnings}) if others may read it. */
    public static GroupKey readGroupKey(Path file, Consumer<String> warnings) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new ConfigException("key file " + file + " does not exist (create one with: groups keygen " + file + ")");
        } catch (IOException e) {
            throw new ConfigException("cannot read key file " + file + ": " + describe(e));
        }
        if (text.isEmpty()) {
            throw new ConfigException("key file " + file + " is empty (create one with: groups keygen FILE)");
        }
        if (SecretFiles.readableByOthers(file)) {
            warnings.accept("groups: warning: key file " + file + " is readable by other users (chmod 600 " + file + ")");
        }
        return GroupKey.fromSecret(text);
    }

    /** The node's identity in {@code dataDir}, created (mode 600) on first start. */
    public static NodeIdentity loadOrCreateIdentity(Path dataDir) {
        Path file = dataDir.resolve(IDENTITY);
        try {
            if (Files.exists(file)) {
                byte[] pkcs8 = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
                return NodeIdentity.fromPkcs8(pkcs8);
            }
            NodeIdentity identity = NodeIdentity.generate();
            byte[] text = (Base64.getEncoder().encodeToString(identity.privateKeyPkcs8()) + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            SecretFiles.write(file, text, false);
            return identity;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("node identity " + file + " is not an Ed25519 key written by groups; "
                    + "move it away to start with a new identity");
        } catch (IOException e) {
            throw new ConfigException("cannot use node identity " + file + ": " + describe(e));
        }
    }

    /** An I/O failure in words ("permission denied"), without the exception's class name. */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }
}
