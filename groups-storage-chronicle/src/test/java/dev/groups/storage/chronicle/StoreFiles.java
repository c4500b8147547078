package dev.groups.storage.chronicle;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers that reach into a store's files: find, copy (sparse-aware), and damage them. */
final class StoreFiles {
    private StoreFiles() {}

    /** The queue's cycle files, oldest first. */
    static List<Path> cycleFiles(Path storeDir) throws IOException {
        try (Stream<Path> list = Files.list(storeDir.resolve("queue"))) {
            return list.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
    }

    static Path onlyCycleFile(Path storeDir) throws IOException {
        List<Path> files = cycleFiles(storeDir);
        if (files.size() != 1) {
            throw new IllegalStateException("expected one cycle file, found " + files);
        }
        return files.get(0);
    }

    /** The number of bytes up to the last non-zero one (cycle files are 80 MiB, mostly a sparse hole). */
    static int usedLength(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int used = bytes.length;
        while (used > 0 && bytes[used - 1] == 0) {
            used--;
        }
        return used;
    }

    /** The offset of the first occurrence of {@code text} (UTF-8) in {@code file}. */
    static int find(Path file, String text) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("\"" + text + "\" not found in " + file);
    }

    static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x5a);
        }
    }

    static void zero(Path file, long position, int length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            raf.write(new byte[length]);
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Copies a store directory (without its lock file), cycle files as sparse files. */
    static void copyStore(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (p.getFileName().toString().endsWith(".cq4")) {
                    int used = usedLength(p);
                    byte[] bytes = Files.readAllBytes(p);
                    try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
                        raf.write(bytes, 0, used);
                        raf.setLength(bytes.length);
                    }
                } else if (!p.getFileName().toString().equals("lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
