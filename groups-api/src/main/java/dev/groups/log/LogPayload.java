package dev.groups.log;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one entry of a group's log holds: a client {@link Command}, the {@link TermStart} a new leader
 * appends at once, or a strict-mode {@link Configuration} (who votes from that entry on).
 *
 * <p>The term-start entry serves two rules. Raft §5.4.2: a leader commits entries of earlier terms
 * only by committing one of its own, so it appends one immediately. And it names the leader: in
 * dynamic mode two partitions may elect a leader each in the same term, so "(term, index) identifies
 * an entry" holds only for (term, leader of the term, index); followers check the leader too when
 * matching logs (mosaik §10 item 1).
 *
 * @param <C> the state machine's command type
 */
public sealed interface LogPayload<C> permits LogPayload.Command, LogPayload.TermStart, LogPayload.Configuration {

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
     * A strict-mode voting configuration (Raft dissertation §4.1): from this entry on, {@code voters} are
     * the members that count toward elections and commits. Every member uses the latest configuration in
     * its log, committed or not; the leader appends one only when the previous one has committed, and
     * each differs from the previous by one voter. The state machine never sees it.
     */
    record Configuration<C>(SortedSet<PeerId> voters) implements LogPayload<C> {
        public Configuration {
            Objects.requireNonNull(voters, "voters");
            voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
            if (voters.isEmpty() || voters.size() > ConsensusConfig.MAX_VOTERS) {
                throw new IllegalArgumentException("a configuration names 1 to " + ConsensusConfig.MAX_VOTERS
                        + " voters, got " + voters.size());
            }
        }
    }

    /**
     * The wire and disk encoding of payloads, over the machine's command codec:
     * {@code 0x00 ‖ session(8, big-endian) ‖ sequence(8) ‖ command bytes}, {@code 0x01 ‖ leader(32)}, or
     * {@code 0x02 ‖ count(1) ‖ voter keys(32 each, strictly ascending)}.
     */
    static <C> Codec<LogPayload<C>> codec(Codec<C> commands) {
        return new PayloadCodec<>(commands);
    }

    /** See {@link LogPayload#codec(Codec)}. */
    final class PayloadCodec<C> implements Codec<LogPayload<C>> {
        private static final byte COMMAND = 0;
        private static final byte TERM_START = 1;
        private static final byte CONFIGURATION = 2;
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
            if (value instanceof Configuration<C> c) {
                byte[] out = new byte[2 + Digest.LENGTH * c.voters().size()];
                out[0] = CONFIGURATION;
                out[1] = (byte) c.voters().size();
                int at = 2;
                for (PeerId v : c.voters()) {
                    v.key().copyTo(out, at);
                    at += Digest.LENGTH;
                }
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
                case CONFIGURATION -> {
                    int count = length < 2 ? 0 : data[offset + 1] & 0xff;
                    if (count == 0 || length != 2 + Digest.LENGTH * count) {
                        throw new CodecException("a configuration payload of " + length + " bytes for " + count + " voters");
                    }
                    SortedSet<PeerId> voters = new TreeSet<>();
                    PeerId previous = null;
                    for (int i = 0; i < count; i++) {
                        byte[] key = new byte[Digest.LENGTH];
                        System.arraycopy(data, offset + 2 + i * Digest.LENGTH, key, 0, Digest.LENGTH);
                        PeerId v = PeerId.fromBytes(key);
                        if (previous != null && previous.compareTo(v) >= 0) {
                            throw new CodecException("configuration voters are not in strictly ascending order");
                        }
                        voters.add(v);
                        previous = v;
                    }
                    return new Configuration<>(voters);
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
