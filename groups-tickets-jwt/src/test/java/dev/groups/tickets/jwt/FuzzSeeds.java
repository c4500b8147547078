package dev.groups.tickets.jwt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the seed corpus of {@link JwtTokenFuzzTest} into {@code JwtTokenFuzzTestInputs/validate/} under the
 * test resources. Run it after a format change; the command is in the README's "Fuzzing" section.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {}

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        Path dir = resources.resolve("dev/groups/tickets/jwt/JwtTokenFuzzTestInputs/validate");
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> seed : JwtTokenFuzzTest.seeds().entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
    }
}
