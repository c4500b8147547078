package dev.groups.storage.chronicle.internal;

import dev.groups.id.GroupId;
import dev.groups.log.Index;
import dev.groups.log.Term;
import dev.groups.machine.Codecs;
import dev.groups.storage.chronicle.ChronicleLogStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The process {@link CrashDriver} kills: appends entries to a store as fast as it can with group
 * commit (a flush every {@code batch} entries) and prints {@code durable <index>} after each flush,
 * until it is killed. Entry contents are a pure function of the index ({@link #payload}), so the
 * driver can check every entry it finds afterwards.
 *
 * <p>Usage: {@code CrashChild <dir> <group-hex> <batch>} (needs Chronicle's JVM flags).
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        GroupId group = GroupId.fromHex(args[1]);
        int batch = Integer.parseInt(args[2]);
        ChronicleLogStore<byte[]> store = ChronicleLogStore.open(dir, group, Codecs.bytes());
        long next = store.last().index().value() + 1;
        System.out.println("ready " + (next - 1));
        System.out.flush();
        while (true) {
            for (int i = 0; i < batch; i++, next++) {
                Index index = store.append(payload(next), term(next));
                if (index.value() != next) {
                    throw new IllegalStateException("append returned " + index + ", expected " + next);
                }
            }
            store.flush();
            System.out.println("durable " + (next - 1));
            System.out.flush();
        }
    }

    /** The content of entry {@code index}: its index, then 56 to 455 pseudo-random bytes seeded by it. */
    public static byte[] payload(long index) {
        SplittableRandom random = new SplittableRandom(index * 0x9E3779B97F4A7C15L);
        byte[] bytes = new byte[8 + 56 + random.nextInt(400)];
        random.nextBytes(bytes);
        ByteBuffer.wrap(bytes).putLong(index);
        return bytes;
    }

    /** The term of entry {@code index}: a new term every 10,000 entries. */
    public static Term term(long index) {
        return Term.of(1 + index / 10_000);
    }
}
