package dev.groups.raft.wire;

import dev.groups.id.Digest;
import dev.groups.machine.CodecException;
import dev.groups.raft.core.Vote;

/** The constants of the format described in {@link RaftCodec}: tags, vote codes and minimum sizes. */
final class WireFormat {
    private WireFormat() {}

    static final int APPEND_ENTRIES = 0x01;
    static final int APPEND_ENTRIES_RESPONSE = 0x02;
    static final int REQUEST_VOTE = 0x03;
    static final int REQUEST_VOTE_RESPONSE = 0x04;
    static final int FORWARD_COMMANDS = 0x05;
    static final int COMMAND_ACK = 0x06;
    static final int NOT_LEADER = 0x07;
    static final int FORWARD_QUERY = 0x08;
    static final int QUERY_RESPONSE = 0x09;
    static final int SYNC_MESSAGE = 0x0A;
    static final int PRE_VOTE = 0x0B;
    static final int PRE_VOTE_RESPONSE = 0x0C;
    static final int TIMEOUT_NOW = 0x0D;
    static final int FORWARD_VOTER_CHANGE = 0x0E;
    static final int VOTER_CHANGE_RESULT = 0x0F;

    static int statusCode(dev.groups.raft.core.VoterChangeStatus status) {
        return status.ordinal();
    }

    static dev.groups.raft.core.VoterChangeStatus status(int code) {
        dev.groups.raft.core.VoterChangeStatus[] all = dev.groups.raft.core.VoterChangeStatus.values();
        if (code >= all.length) {
            throw new CodecException("unknown voter change status " + code);
        }
        return all[code];
    }

    /** Bytes of a {@code PeerId}. */
    static final int PEER_BYTES = Digest.LENGTH;

    /** The smallest encoded log entry: a one-byte term and a zero length. */
    static final int MIN_ENTRY_BYTES = 2;

    /** The smallest encoded command of a {@code ForwardCommands}: a zero length. */
    static final int MIN_COMMAND_BYTES = 1;

    static int voteCode(Vote vote) {
        return switch (vote) {
            case GRANTED -> 0;
            case DENIED -> 1;
            case ABSTAINED -> 2;
        };
    }

    static Vote vote(int code) {
        return switch (code) {
            case 0 -> Vote.GRANTED;
            case 1 -> Vote.DENIED;
            case 2 -> Vote.ABSTAINED;
            default -> throw new CodecException("unknown vote code " + code);
        };
    }

    /** Bytes of the shortest unsigned LEB128 form of {@code value} (0 ≤ value): 1 to 9. */
    static int varintSize(long value) {
        return (63 - Long.numberOfLeadingZeros(value | 1)) / 7 + 1;
    }

    /** {@code value}, checked to fit an unsigned 63-bit varint. */
    static long unsigned(long value, String field) {
        if (value < 0) {
            throw new CodecException(field + " must not be negative: " + value);
        }
        return value;
    }
}
