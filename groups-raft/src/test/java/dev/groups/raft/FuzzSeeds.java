package dev.groups.raft;

import dev.groups.raft.bond.BondFrameCodecFuzzTest;
import dev.groups.raft.discovery.SignedPeerEntryFuzzTest;
import dev.groups.raft.wire.MessageDecoderFuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the seed corpora of this module's Jazzer targets ({@code <TestClass>Inputs/<method>/} under the
 * test resources): valid encodings, so that fuzzing starts past the first length checks. Run it after a
 * wire format change; the command is in the README's "Fuzzing" section. Signed entries come from a fresh
 * identity each run, so the files change from run to run while covering the same shapes.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {}

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        write(resources, BondFrameCodecFuzzTest.class, "decode", BondFrameCodecFuzzTest.seeds());
        write(resources, MessageDecoderFuzzTest.class, "decode", MessageDecoderFuzzTest.seeds());
        write(resources, SignedPeerEntryFuzzTest.class, "parse", SignedPeerEntryFuzzTest.seeds());
    }

    /** Writes {@code seeds} into the inputs directory Jazzer reads for {@code test}'s {@code method}. */
    public static void write(Path resources, Class<?> test, String method, Map<String, byte[]> seeds) throws IOException {
        Path dir = resources.resolve(test.getPackageName().replace('.', '/'))
                .resolve(test.getSimpleName() + "Inputs").resolve(method);
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
    }
}
