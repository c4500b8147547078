package dev.groups.raft.wire;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Derives fuzz inputs from valid encodings: bit flips, byte changes, truncation, insertion, deletion,
 * duplication and corrupted length fields (varints of boundary values, overlong and over-long forms
 * written over a byte), one to three at a time.
 */
final class Mutator {
    private static final int[] INTERESTING_BYTES = {0x00, 0x01, 0x02, 0x03, 0x7F, 0x80, 0x81, 0xFE, 0xFF};
    private static final byte[][] BAD_VARINTS = {
            {(byte) 0x80, 0x00},                                                // overlong zero
            {(byte) 0xFF, (byte) 0x80, 0x00},                                   // overlong 127
            {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                    (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}, // 2^63
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                    (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},       // unterminated
    };

    private final SplittableRandom random;

    Mutator(SplittableRandom random) {
        this.random = random;
    }

    byte[] mutate(byte[] valid) {
        byte[] bytes = valid;
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            bytes = mutateOnce(bytes);
        }
        return bytes;
    }

    /** Random bytes, usually behind a valid tag. */
    byte[] garbage() {
        byte[] bytes = new byte[random.nextInt(64)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        if (bytes.length > 0 && random.nextInt(4) != 0) {
            bytes[0] = (byte) (1 + random.nextInt(10));
        }
        return bytes;
    }

    private byte[] mutateOnce(byte[] in) {
        if (in.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(in.length);
        switch (random.nextInt(9)) {
            case 0 -> {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1 -> {
                byte[] out = in.clone();
                out[at] = (byte) random.nextInt(256);
                return out;
            }
            case 2 -> {
                byte[] out = in.clone();
                out[at] = (byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                return out;
            }
            case 3 -> {
                return Arrays.copyOf(in, at);
            }
            case 4 -> {
                byte[] inserted = new byte[1 + random.nextInt(4)];
                for (int i = 0; i < inserted.length; i++) {
                    inserted[i] = (byte) random.nextInt(256);
                }
                return splice(in, at, 0, inserted);
            }
            case 5 -> {
                return splice(in, at, Math.min(in.length - at, 1 + random.nextInt(4)), new byte[0]);
            }
            case 6 -> {
                int length = Math.min(in.length - at, 1 + random.nextInt(40));
                return splice(in, random.nextInt(in.length + 1), 0, Arrays.copyOfRange(in, at, at + length));
            }
            case 7 -> {
                return splice(in, at, 1, varint(boundary(in.length - at)));
            }
            default -> {
                return splice(in, at, 1, BAD_VARINTS[random.nextInt(BAD_VARINTS.length)]);
            }
        }
    }

    /** A length or count near what the rest of the input could hold, or far beyond it. */
    private long boundary(int left) {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> left;
            case 2 -> left + 1;
            case 3 -> Math.max(0, left - 1 - random.nextInt(4));
            case 4 -> left / 2 + 1;
            case 5 -> 1L << random.nextInt(63);
            case 6 -> Long.MAX_VALUE;
            default -> random.nextInt(300);
        };
    }

    private static byte[] varint(long value) {
        byte[] out = new byte[WireFormat.varintSize(value)];
        int i = 0;
        while ((value & ~0x7FL) != 0) {
            out[i++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[i] = (byte) value;
        return out;
    }

    /** {@code in} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
    private static byte[] splice(byte[] in, int at, int removed, byte[] inserted) {
        byte[] out = new byte[in.length - removed + inserted.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(in, at + removed, out, at + inserted.length, in.length - at - removed);
        return out;
    }
}
