package dev.groups.storage.chronicle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.groups.storage.StorageException;
import dev.groups.storage.chronicle.ChronicleLogStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the replay at open ({@link Replay} over {@link LogRecord}s read back from a
 * real Chronicle queue). Each input describes the documents of a queue; the harness writes them, reopens
 * the queue and replays it. The contract under test: the replay returns a mapping or throws
 * {@link StorageException} (anything else is a finding), and a mapping it returns serves only intact
 * entry records, each at the index it claims, from the first index to the last with no gap: a wrong log
 * is never served.
 *
 * <p>Input: up to {@value #MAX_RECORDS} documents, each introduced by one byte. A byte below 0x80 starts
 * a well-formed record, encoded by {@link LogRecord#encode} with a valid CRC, so that the fuzzer reaches
 * the replay rules and not only the CRC check: kind (1 byte), seq, a, b (8 bytes each, little-endian),
 * payload length (1 byte) and payload. For a VOID record, {@code a} picks one of the documents written
 * before it ({@code a} modulo their count), since a queue index embeds the roll cycle. A byte of 0x80 or
 * more starts raw bytes (length in 1 byte) written as the whole document: torn and rotten records.
 *
 * <p>Slow for a fuzz target (about 85 inputs a second on the 2-core machine): each input opens and closes a
 * queue on disk twice. The default build replays
 * {@code LogReplayFuzzTestInputs/replay/} (written by {@link #main}); {@code -Pfuzz} fuzzes it (README,
 * "Fuzzing").
 */
public class LogReplayFuzzTest {
    static final int MAX_RECORDS = 64;
    private static final Path ROOT = temporaryRoot();
    private static int runs;

    private static Path temporaryRoot() {
        try {
            return Files.createTempDirectory("log-replay-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeQueues() throws IOException {
        deleteTree(ROOT);
    }

    @FuzzTest(maxDuration = "2m")
    void replay(byte[] input) throws IOException {
        run(input);
    }

    @Test
    void theSeedsReachBothAReplayedLogAndARefusedOne() throws IOException {
        Map<String, byte[]> seeds = seeds();
        assertEquals(3, run(seeds.get("three-entries")));
        assertEquals(3, run(seeds.get("truncate-and-rewrite")));
        assertEquals(7, run(seeds.get("prune-then-entries")));
        assertEquals(11, run(seeds.get("reset")));
        assertEquals(2, run(seeds.get("torn-tail-voided")));
        assertEquals(-1, run(seeds.get("rotten-middle")));
    }

    /** Writes, reopens and replays the queue {@code input} describes: its last index, or -1 when refused. */
    private static long run(byte[] input) throws IOException {
        Path dir = ROOT.resolve("q" + runs++);
        // a fixed clock: every document lands in one cycle file, whose name does not depend on the day
        SetTimeProvider clock = new SetTimeProvider(1_700_000_000_000L);
        try {
            try (QueueLog log = QueueLog.open(dir, ChronicleLogStore.DEFAULT_ROLL_CYCLE, clock)) {
                write(log, input);
            }
            try (QueueLog log = QueueLog.open(dir, ChronicleLogStore.DEFAULT_ROLL_CYCLE, clock)) {
                Replay.Result result;
                try {
                    result = Replay.run(log);
                } catch (StorageException refused) {
                    return -1;
                }
                check(log, result);
                return result.map().lastIndex();
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Every index the mapping serves holds an intact ENTRY record for that index. */
    private static void check(QueueLog log, Replay.Result result) {
        SegmentMap map = result.map();
        assertTrue(map.isContiguous());
        LogRecord record = new LogRecord();
        for (long index = map.offset().index().value() + 1; index <= map.lastIndex(); index++) {
            long queueIndex = map.queueIndexOf(index);
            assertTrue(log.read(queueIndex, record), "entry " + index + " maps to a missing document");
            assertNull(record.problem(), "entry " + index + " maps to a damaged record");
            assertEquals(LogRecord.ENTRY, record.kind(), "entry " + index + " maps to another kind of record");
            assertEquals(index, record.a(), "entry " + index + " maps to the record of another index");
            assertEquals(map.termAt(index).value(), record.b(), "entry " + index + " has another term in the map");
        }
    }

    private static void write(QueueLog log, byte[] input) {
        ByteBuffer in = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> written = new ArrayList<>();
        LogRecord record = new LogRecord();
        while (in.hasRemaining() && written.size() < MAX_RECORDS) {
            int form = in.get() & 0xff;
            if (form < 0x80) {
                if (in.remaining() < 1 + 8 + 8 + 8 + 1) {
                    return;
                }
                byte kind = in.get();
                long seq = in.getLong();
                long a = in.getLong();
                long b = in.getLong();
                byte[] payload = new byte[Math.min(in.get() & 0xff, in.remaining())];
                in.get(payload);
                if (kind == LogRecord.VOID && !written.isEmpty()) {
                    a = written.get((int) Math.floorMod(a, (long) written.size()));
                }
                record.encode(kind, seq, a, b, payload);
            } else {
                int n = Math.min(in.hasRemaining() ? in.get() & 0xff : 0, in.remaining());
                byte[] raw = record.bufferFor(n);
                in.get(raw, 0, n);
                record.parse(n); // sets the length to write, whatever the bytes are
            }
            written.add(log.append(record));
        }
    }

    /** The seed corpus: file name to content. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("three-entries", records(entry(0, 1, 1), entry(1, 2, 1), entry(2, 3, 2)));
        seeds.put("truncate-and-rewrite", records(entry(0, 1, 1), entry(1, 2, 1), structured(LogRecord.TRUNCATE, 2, 2, 0),
                entry(3, 2, 2), entry(4, 3, 2)));
        seeds.put("prune-then-entries", records(structured(LogRecord.PRUNE, 0, 5, 1), entry(1, 6, 1), entry(2, 7, 3)));
        seeds.put("reset", records(entry(0, 1, 1), structured(LogRecord.RESET, 1, 10, 4), entry(2, 11, 4)));
        byte[] torn = structured(LogRecord.ENTRY, 2, 3, 1, 'x', 'y');
        seeds.put("torn-tail-voided", records(entry(0, 1, 1), entry(1, 2, 1), raw(torn, torn.length - 5),
                structured(LogRecord.VOID, 2, 2, 0)));
        seeds.put("rotten-middle", records(entry(0, 1, 1), raw(structured(LogRecord.ENTRY, 1, 2, 1, 'z'), -1), entry(2, 3, 1)));
        return seeds;
    }

    private static byte[] entry(long seq, long index, long term) {
        return structured(LogRecord.ENTRY, seq, index, term, 'c', 'm', 'd');
    }

    private static byte[] structured(byte kind, long seq, long a, long b, int... payload) {
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + 24 + 1 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0).put(kind).putLong(seq).putLong(a).putLong(b).put((byte) payload.length);
        for (int p : payload) {
            out.put((byte) p);
        }
        return out.array();
    }

    /**
     * The document {@code structured} describes, as raw bytes: cut to {@code keep} bytes then padded with
     * zeros to its full length (a torn write), or with its last byte flipped when {@code keep} is negative.
     */
    private static byte[] raw(byte[] structured, int keep) {
        ByteBuffer in = ByteBuffer.wrap(structured, 1, structured.length - 1).order(ByteOrder.LITTLE_ENDIAN);
        LogRecord record = new LogRecord();
        byte kind = in.get();
        long seq = in.getLong();
        long a = in.getLong();
        long b = in.getLong();
        byte[] payload = new byte[in.get() & 0xff];
        in.get(payload);
        record.encode(kind, seq, a, b, payload);
        byte[] doc = java.util.Arrays.copyOf(record.bytes(), record.length());
        if (keep < 0) {
            doc[doc.length - 1] ^= 1;
        } else {
            java.util.Arrays.fill(doc, keep, doc.length, (byte) 0);
        }
        byte[] out = new byte[2 + doc.length];
        out[0] = (byte) 0x80;
        out[1] = (byte) doc.length;
        System.arraycopy(doc, 0, out, 2, doc.length);
        return out;
    }

    private static byte[] records(byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    /** Writes the seed corpus; the command is in the README's "Fuzzing" section. */
    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        Path dir = resources.resolve("dev/groups/storage/chronicle/internal/LogReplayFuzzTestInputs/replay");
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
        deleteTree(ROOT);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
