package dev.groups.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The directory a run keeps its logs in: {@code --dir}, or a fresh temporary one. */
public final class TempDirs {
    private TempDirs() {}

    public static Path base(BenchArgs a, String impl) {
        try {
            if (a.dir != null) {
                Path p = Path.of(a.dir);
                Files.createDirectories(p);
                return Files.createTempDirectory(p, impl + "-");
            }
            return Files.createTempDirectory("bench-" + impl + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
