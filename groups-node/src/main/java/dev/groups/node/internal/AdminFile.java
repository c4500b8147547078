package dev.groups.node.internal;

import dev.groups.node.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * {@code DIR/admin}: where a running node's admin endpoint listens (a loopback port) and the token a
 * client must present. Mode 600, so only users who may read the data directory can use the
 * endpoint. Written when the endpoint is up, deleted at a clean shutdown (a stale one after a kill is
 * detected by the refused connection).
 */
public record AdminFile(int port, String token) {
    public static final String NAME = "admin";

    public static AdminFile fresh(int port) {
        byte[] t = new byte[24];
        new SecureRandom().nextBytes(t);
        return new AdminFile(port, HexFormat.of().formatHex(t));
    }

    public void write(Path dataDir) throws IOException {
        SecretFiles.write(dataDir.resolve(NAME), ("port=" + port + "\ntoken=" + token + "\n").getBytes(StandardCharsets.US_ASCII), true);
    }

    /** The admin file of the node in {@code dataDir}; a clear error when no node runs there. */
    public static AdminFile read(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(dataDir)) {
                throw new ConfigException("no data directory " + dataDir);
            }
            throw new ConfigException("no node is running in " + dataDir + " (no " + file + ")");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + KeyFiles.describe(e));
        }
        Integer port = null;
        String token = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("port=")) {
                try {
                    port = Integer.parseInt(line.substring(5).trim());
                } catch (NumberFormatException e) {
                    port = null;
                }
            } else if (line.startsWith("token=")) {
                token = line.substring(6).trim();
            }
        }
        if (port == null || token == null || token.isEmpty()) {
            throw new ConfigException(file + " is not an admin file written by groups");
        }
        return new AdminFile(port, token);
    }

    public static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(NAME));
        } catch (IOException e) {
            // best effort: a stale file is recognized by the refused connection
        }
    }

    @Override
    public String toString() {
        return "AdminFile(port=" + port + ")"; // never the token
    }
}
