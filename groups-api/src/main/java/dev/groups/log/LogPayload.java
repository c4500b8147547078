package dev.groups.log;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import java.util.Objects;

/**
 * What one entry of a group's log holds: a client {@link Command}, or the {@link TermStart} a new
 * leader appends at once.
 *
 * <p>The term-start entry serves two rules. Raft §5.4.2: a leader commits entries of earlier terms
 * only by committing one of its own, so it appends one immediately. And it names the leader: in
 * dynamic mode two partitions may elect a leader each in the same term, so "(term, index) identifies
 * an entry" holds only for (term, leader of the term, index); followers check the leader too when
 * matching logs (mosaik §10 item 1).
 *
 * @param <C> the state machine's command type
 */
public sealed interface LogPayload<C> permits LogPayload.Command, LogPayload.TermStart {

    /**
     * A client command, with the tag that makes a retried forward apply once: the submitting node's
     * session and the command's sequence number in it (both 0 when untagged).
     */
    record Command<C>(C command, long session, long sequence) implements LogPayload<C> {
        public Command {
            Objects.requireNonNull(command, "command");
        }

        public static <C> Command<C> untagged(C command) {
            return new Command<>(command, 0, 0);
        }

        public boolean isTagged() {
            return session != 0;
        }
    }

    /** The first entry of a leader's term, naming that leader. */
    record TermStart<C>(PeerId leader) implements LogPayload<C> {
        public TermStart {
            Objects.requireNonNull(leader, "leader");
        }
    }

    /**
     * The wire and disk encoding of payloads, over the machine's command codec:
     * {@code 0x00 ‖ session(8, big-endian) ‖ sequence(8) ‖ command bytes}, or {@code 0x01 ‖ leader(32)}.
     */
    static <C> Codec<LogPayload<C>> codec(Codec<C> commands) {
        return new PayloadCodec<>(commands);
    }

    /** See {@link LogPayload#codec(Codec)}. */
    final class PayloadCodec<C> implements Codec<LogPayload<C>> {
        private static final byte COMMAND = 0;
        private static final byte TERM_START = 1;
        private static final int COMMAND_HEADER = 1 + 8 + 8;
        private final Codec<C> commands;

        PayloadCodec(Codec<C> commands) {
            this.commands = Objects.requireNonNull(commands, "commands");
        }

        @Override
        public byte[] encode(LogPayload<C> value) {
            if (value instanceof Command<C> c) {
                byte[] body = commands.encode(c.command());
                byte[] out = new byte[COMMAND_HEADER + body.length];
                out[0] = COMMAND;
                putLong(out, 1, c.session());
                putLong(out, 9, c.sequence());
                System.arraycopy(body, 0, out, COMMAND_HEADER, body.length);
                return out;
            }
            TermStart<C> t = (TermStart<C>) value;
            byte[] out = new byte[1 + Digest.LENGTH];
            out[0] = TERM_START;
            t.leader().key().copyTo(out, 1);
            return out;
        }

        @Override
        public LogPayload<C> decode(byte[] data, int offset, int length) {
            Codecs.checkBounds(data, offset, length);
            if (length < 1) {
                throw new CodecException("empty log payload");
            }
            switch (data[offset]) {
                case COMMAND -> {
                    if (length < COMMAND_HEADER) {
                        throw new CodecException("truncated command payload: " + length + " bytes");
                    }
                    C command = commands.decode(data, offset + COMMAND_HEADER, length - COMMAND_HEADER);
                    return new Command<>(command, getLong(data, offset + 1), getLong(data, offset + 9));
                }
                case TERM_START -> {
                    if (length != 1 + Digest.LENGTH) {
                        throw new CodecException("a term-start payload is 33 bytes, got " + length);
                    }
                    byte[] key = new byte[Digest.LENGTH];
                    System.arraycopy(data, offset + 1, key, 0, Digest.LENGTH);
                    return new TermStart<>(PeerId.fromBytes(key));
                }
                default -> throw new CodecException("unknown log payload kind " + data[offset]);
            }
        }

        private static void putLong(byte[] b, int at, long v) {
            for (int i = 7; i >= 0; i--) {
                b[at + i] = (byte) v;
                v >>>= 8;
            }
        }

        private static long getLong(byte[] b, int at) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[at + i] & 0xff);
            }
            return v;
        }
    }
}
