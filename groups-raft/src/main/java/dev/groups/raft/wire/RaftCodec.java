package dev.groups.raft.wire;

import dev.groups.log.LogPayload;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import dev.groups.raft.core.RaftMessage;
import java.util.Objects;

/**
 * The binary wire encoding of {@link RaftMessage}s: one message per transport frame, so
 * {@link #decode(byte[], int, int)} takes exactly one message's bytes.
 *
 * <h2>Format</h2>
 * A tag byte, then the fields in the order of the record's components. Field encodings:
 * <ul>
 *   <li><b>varint</b>: unsigned LEB128 in its shortest form, at most 63 bits (9 bytes); terms, indices,
 *       {@code seq}, request ids, {@code firstSequence}, counts and lengths. Overlong forms (a final
 *       {@code 0x00} byte after the first) and longer values are rejected; negative values cannot be
 *       encoded.</li>
 *   <li><b>u64</b>: 8 bytes big-endian, any value; session ids.</li>
 *   <li><b>peer</b>: the 32 raw bytes of a {@code PeerId}.</li>
 *   <li><b>peer?</b>: a presence byte {@code 0} (null) or {@code 1} followed by a peer.</li>
 *   <li><b>bool</b>: one byte, {@code 0} or {@code 1}.</li>
 *   <li><b>vote</b>: one byte, {@code 0} GRANTED, {@code 1} DENIED, {@code 2} ABSTAINED.</li>
 *   <li><b>bytes</b>: a varint length, then that many bytes. Commands, queries and results hold the
 *       machine's codec output; log entry payloads hold {@link LogPayload#codec(Codec)}'s.</li>
 *   <li><b>list</b>: a varint count, then the items.</li>
 * </ul>
 *
 * <table>
 *   <caption>Messages</caption>
 *   <tr><th>Tag</th><th>Message</th><th>Fields</th></tr>
 *   <tr><td>{@code 0x01}</td><td>AppendEntries</td><td>term varint, leader peer, prev.term varint,
 *       prev.index varint, prevLeader peer?, entries list of (term varint, payload bytes),
 *       leaderCommit varint, seq varint, catchUp bool</td></tr>
 *   <tr><td>{@code 0x02}</td><td>AppendEntriesResponse</td><td>term varint, vote, index varint,
 *       prevIndex varint, seq varint, observer bool, conflict bool</td></tr>
 *   <tr><td>{@code 0x03}</td><td>RequestVote</td><td>term varint, candidate peer, lastLog.term varint,
 *       lastLog.index varint, transfer bool</td></tr>
 *   <tr><td>{@code 0x04}</td><td>RequestVoteResponse</td><td>term varint, vote</td></tr>
 *   <tr><td>{@code 0x05}</td><td>ForwardCommands</td><td>requestId varint, session u64,
 *       firstSequence varint, commands list of bytes, leaderTerm varint</td></tr>
 *   <tr><td>{@code 0x06}</td><td>CommandAck</td><td>requestId varint, assigned.start varint,
 *       assigned.end varint</td></tr>
 *   <tr><td>{@code 0x07}</td><td>NotLeader</td><td>requestId varint</td></tr>
 *   <tr><td>{@code 0x08}</td><td>ForwardQuery</td><td>requestId varint, query bytes</td></tr>
 *   <tr><td>{@code 0x09}</td><td>QueryResponse</td><td>requestId varint, result bytes,
 *       position varint</td></tr>
 *   <tr><td>{@code 0x0A}</td><td>SyncMessage</td><td>payload bytes</td></tr>
 *   <tr><td>{@code 0x0B}</td><td>PreVote</td><td>proposedTerm varint, candidate peer, lastLog.term varint,
 *       lastLog.index varint</td></tr>
 *   <tr><td>{@code 0x0C}</td><td>PreVoteResponse</td><td>term varint, proposedTerm varint, vote</td></tr>
 *   <tr><td>{@code 0x0D}</td><td>TimeoutNow</td><td>term varint</td></tr>
 *   <tr><td>{@code 0x0E}</td><td>ForwardVoterChange</td><td>requestId varint, leaderTerm varint, add bool,
 *       peer</td></tr>
 *   <tr><td>{@code 0x0F}</td><td>VoterChangeResult</td><td>requestId varint, status u8 (0 changed, 1 refused,
 *       2 offline, 3 unknown), detail bytes (UTF-8, at most 1024), voters count varint (at most 255) then
 *       peers in strictly ascending order, position.term varint, position.index varint</td></tr>
 * </table>
 *
 * <p>A log entry's index is not sent: the entry at position {@code i} of an AppendEntries is at
 * {@code prev.index + 1 + i}. {@link #encode} rejects entries that are not consecutive after prev.
 *
 * <p><b>Bounds.</b> Input longer than {@code maxMessageBytes} is rejected before it is read, and so is
 * output that would exceed it. Every length must fit in the bytes left and every count in the bytes
 * left at the smallest item size (2 bytes for a log entry, 1 for a command), so what a decode
 * allocates is proportional to its input. Trailing bytes and unknown tags are rejected. The encoding is
 * canonical: a decoded message re-encodes to exactly its input, provided the machine's codecs are.
 *
 * <p>Thread-safe and stateless, as the {@link Codec} contract asks. The machine's codecs'
 * {@link CodecException}s propagate; any other runtime exception of theirs is wrapped in one.
 *
 * @param <C> command type
 * @param <Q> query type
 * @param <R> query result type
 */
public final class RaftCodec<C, Q, R> implements Codec<RaftMessage<C, Q, R>> {
    /** The default limit on an encoded message: 16 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final MessageEncoder<C, Q, R> encoder;
    private final MessageDecoder<C, Q, R> decoder;
    private final int maxMessageBytes;

    /**
     * A codec limited to {@link #DEFAULT_MAX_MESSAGE_BYTES}.
     *
     * @param commands the machine's command codec (log entries use {@link LogPayload#codec(Codec)} over it)
     * @param queries  the machine's query codec
     * @param results  the machine's query result codec
     */
    public RaftCodec(Codec<C> commands, Codec<Q> queries, Codec<R> results) {
        this(commands, queries, results, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * A codec limited to {@code maxMessageBytes}.
     *
     * @param commands        the machine's command codec (log entries use {@link LogPayload#codec(Codec)} over it)
     * @param queries         the machine's query codec
     * @param results         the machine's query result codec
     * @param maxMessageBytes the largest encoded message accepted in either direction (positive)
     */
    public RaftCodec(Codec<C> commands, Codec<Q> queries, Codec<R> results, int maxMessageBytes) {
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(results, "results");
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
        }
        this.encoder = new MessageEncoder<>(commands, queries, results, maxMessageBytes);
        this.decoder = new MessageDecoder<>(commands, queries, results);
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The largest encoded message this codec writes or reads. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * @throws CodecException if the message is null, has a negative varint field, has entries that are
     *                        not consecutive after prev, encodes to more than {@code maxMessageBytes}, or a
     *                        machine codec fails
     */
    @Override
    public byte[] encode(RaftMessage<C, Q, R> message) {
        return encoder.encode(message);
    }

    @Override
    public RaftMessage<C, Q, R> decode(byte[] data, int offset, int length) {
        if (data == null) {
            throw new CodecException("null input");
        }
        Codecs.checkBounds(data, offset, length);
        if (length > maxMessageBytes) {
            throw new CodecException("message of " + length + " bytes exceeds the limit of " + maxMessageBytes);
        }
        return decoder.decode(new WireReader(data, offset, length));
    }
}
