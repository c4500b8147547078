package dev.groups.raft.wire;

import static dev.groups.raft.wire.WireFormat.PEER_BYTES;
import static dev.groups.raft.wire.WireFormat.unsigned;
import static dev.groups.raft.wire.WireFormat.varintSize;

import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.id.PeerId;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.AppendEntriesResponse;
import dev.groups.raft.core.RaftMessage.CommandAck;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.ForwardQuery;
import dev.groups.raft.core.RaftMessage.NotLeader;
import dev.groups.raft.core.RaftMessage.QueryResponse;
import dev.groups.raft.core.RaftMessage.PreVote;
import dev.groups.raft.core.RaftMessage.PreVoteResponse;
import dev.groups.raft.core.RaftMessage.RequestVote;
import dev.groups.raft.core.RaftMessage.RequestVoteResponse;
import dev.groups.raft.core.RaftMessage.SyncMessage;
import dev.groups.raft.core.RaftMessage.TimeoutNow;
import java.util.List;

/**
 * Encodes messages in two passes: the size first (encoding the nested payloads on the way), then the
 * bytes into one array of exactly that size.
 */
final class MessageEncoder<C, Q, R> {
    private static final byte[][] NONE = new byte[0][];

    private final Codec<LogPayload<C>> payloads;
    private final Codec<C> commands;
    private final Codec<Q> queries;
    private final Codec<R> results;
    private final int maxMessageBytes;

    MessageEncoder(Codec<C> commands, Codec<Q> queries, Codec<R> results, int maxMessageBytes) {
        this.payloads = LogPayload.codec(commands);
        this.commands = commands;
        this.queries = queries;
        this.results = results;
        this.maxMessageBytes = maxMessageBytes;
    }

    byte[] encode(RaftMessage<C, Q, R> message) {
        if (message instanceof AppendEntries<C, Q, R> m) {
            return appendEntries(m);
        } else if (message instanceof AppendEntriesResponse<C, Q, R> m) {
            return appendEntriesResponse(m);
        } else if (message instanceof RequestVote<C, Q, R> m) {
            return requestVote(m);
        } else if (message instanceof RequestVoteResponse<C, Q, R> m) {
            return requestVoteResponse(m);
        } else if (message instanceof ForwardCommands<C, Q, R> m) {
            return forwardCommands(m);
        } else if (message instanceof CommandAck<C, Q, R> m) {
            return commandAck(m);
        } else if (message instanceof NotLeader<C, Q, R> m) {
            return notLeader(m);
        } else if (message instanceof ForwardQuery<C, Q, R> m) {
            return forwardQuery(m);
        } else if (message instanceof QueryResponse<C, Q, R> m) {
            return queryResponse(m);
        } else if (message instanceof SyncMessage<C, Q, R> m) {
            return syncMessage(m);
        } else if (message instanceof PreVote<C, Q, R> m) {
            return preVote(m);
        } else if (message instanceof PreVoteResponse<C, Q, R> m) {
            WireWriter out = new WireWriter(checkSize(1 + varintSize(m.term().value())
                    + varintSize(m.proposedTerm().value()) + 1));
            out.u8(WireFormat.PRE_VOTE_RESPONSE);
            out.varint(m.term().value());
            out.varint(m.proposedTerm().value());
            out.u8(WireFormat.voteCode(m.vote()));
            return out.finish();
        } else if (message instanceof TimeoutNow<C, Q, R> m) {
            WireWriter out = new WireWriter(checkSize(1 + varintSize(m.term().value())));
            out.u8(WireFormat.TIMEOUT_NOW);
            out.varint(m.term().value());
            return out.finish();
        } else if (message instanceof RaftMessage.ForwardVoterChange<C, Q, R> m) {
            long requestId = unsigned(m.requestId(), "requestId");
            WireWriter out = new WireWriter(checkSize(1 + varintSize(requestId) + varintSize(m.leaderTerm().value())
                    + 1 + PEER_BYTES));
            out.u8(WireFormat.FORWARD_VOTER_CHANGE);
            out.varint(requestId);
            out.varint(m.leaderTerm().value());
            out.bool(m.add());
            out.peer(m.peer());
            return out.finish();
        } else if (message instanceof RaftMessage.VoterChangeResult<C, Q, R> m) {
            return voterChangeResult(m);
        }
        throw new CodecException(message == null ? "null message" : "unknown message " + message.getClass());
    }

    private byte[] appendEntries(AppendEntries<C, Q, R> m) {
        List<LogEntry<LogPayload<C>>> entries = m.entries();
        int n = entries.size();
        long prevIndex = m.prev().index().value();
        long seq = unsigned(m.seq(), "seq");
        long size = 1 + varintSize(m.term().value()) + PEER_BYTES
                + varintSize(m.prev().term().value()) + varintSize(prevIndex)
                + (m.prevLeader() == null ? 1 : 1 + PEER_BYTES)
                + varintSize(n)
                + varintSize(m.leaderCommit().value()) + varintSize(seq) + 1;
        byte[][] encoded = n == 0 ? NONE : new byte[n][];
        for (int i = 0; i < n; i++) {
            LogEntry<LogPayload<C>> entry = entries.get(i);
            // Subtracting two non-negative longs cannot overflow.
            if (entry.index().value() - prevIndex != i + 1L) {
                throw new CodecException("entry " + i + " is at index " + entry.index()
                        + ", not right after prev " + prevIndex + " + " + i);
            }
            byte[] payload = Nested.encode(payloads, entry.command(), "log payload");
            encoded[i] = payload;
            size = checkSize(size + varintSize(entry.term().value()) + varintSize(payload.length) + payload.length);
        }
        WireWriter out = new WireWriter(checkSize(size));
        out.u8(WireFormat.APPEND_ENTRIES);
        out.varint(m.term().value());
        out.peer(m.leader());
        out.varint(m.prev().term().value());
        out.varint(prevIndex);
        out.optionalPeer(m.prevLeader());
        out.varint(n);
        for (int i = 0; i < n; i++) {
            out.varint(entries.get(i).term().value());
            out.bytes(encoded[i]);
        }
        out.varint(m.leaderCommit().value());
        out.varint(seq);
        out.bool(m.catchUp());
        return out.finish();
    }

    private byte[] appendEntriesResponse(AppendEntriesResponse<C, Q, R> m) {
        long seq = unsigned(m.seq(), "seq");
        WireWriter out = new WireWriter(checkSize(1 + varintSize(m.term().value()) + 1
                + varintSize(m.index().value()) + varintSize(m.prevIndex().value()) + varintSize(seq) + 2));
        out.u8(WireFormat.APPEND_ENTRIES_RESPONSE);
        out.varint(m.term().value());
        out.u8(WireFormat.voteCode(m.vote()));
        out.varint(m.index().value());
        out.varint(m.prevIndex().value());
        out.varint(seq);
        out.bool(m.observer());
        out.bool(m.conflict());
        return out.finish();
    }

    private byte[] requestVote(RequestVote<C, Q, R> m) {
        WireWriter out = new WireWriter(checkSize(1 + varintSize(m.term().value()) + PEER_BYTES
                + varintSize(m.lastLog().term().value()) + varintSize(m.lastLog().index().value()) + 1));
        out.u8(WireFormat.REQUEST_VOTE);
        out.varint(m.term().value());
        out.peer(m.candidate());
        out.varint(m.lastLog().term().value());
        out.varint(m.lastLog().index().value());
        out.bool(m.transfer());
        return out.finish();
    }

    private byte[] preVote(PreVote<C, Q, R> m) {
        WireWriter out = new WireWriter(checkSize(1 + varintSize(m.proposedTerm().value()) + PEER_BYTES
                + varintSize(m.lastLog().term().value()) + varintSize(m.lastLog().index().value())));
        out.u8(WireFormat.PRE_VOTE);
        out.varint(m.proposedTerm().value());
        out.peer(m.candidate());
        out.varint(m.lastLog().term().value());
        out.varint(m.lastLog().index().value());
        return out.finish();
    }

    private byte[] requestVoteResponse(RequestVoteResponse<C, Q, R> m) {
        WireWriter out = new WireWriter(checkSize(1 + varintSize(m.term().value()) + 1));
        out.u8(WireFormat.REQUEST_VOTE_RESPONSE);
        out.varint(m.term().value());
        out.u8(WireFormat.voteCode(m.vote()));
        return out.finish();
    }

    private byte[] forwardCommands(ForwardCommands<C, Q, R> m) {
        List<C> list = m.commands();
        int n = list.size();
        long requestId = unsigned(m.requestId(), "requestId");
        long firstSequence = unsigned(m.firstSequence(), "firstSequence");
        long leaderTerm = m.leaderTerm().value();
        long size = 1 + varintSize(requestId) + Long.BYTES + varintSize(firstSequence) + varintSize(n)
                + varintSize(leaderTerm);
        byte[][] encoded = n == 0 ? NONE : new byte[n][];
        for (int i = 0; i < n; i++) {
            byte[] command = Nested.encode(commands, list.get(i), "command");
            encoded[i] = command;
            size = checkSize(size + varintSize(command.length) + command.length);
        }
        WireWriter out = new WireWriter(checkSize(size));
        out.u8(WireFormat.FORWARD_COMMANDS);
        out.varint(requestId);
        out.fixed64(m.session());
        out.varint(firstSequence);
        out.varint(n);
        for (int i = 0; i < n; i++) {
            out.bytes(encoded[i]);
        }
        out.varint(leaderTerm);
        return out.finish();
    }

    private byte[] commandAck(CommandAck<C, Q, R> m) {
        long requestId = unsigned(m.requestId(), "requestId");
        long start = m.assigned().start().value();
        long end = m.assigned().end().value();
        WireWriter out = new WireWriter(checkSize(1 + varintSize(requestId) + varintSize(start) + varintSize(end)));
        out.u8(WireFormat.COMMAND_ACK);
        out.varint(requestId);
        out.varint(start);
        out.varint(end);
        return out.finish();
    }

    private byte[] notLeader(NotLeader<C, Q, R> m) {
        long requestId = unsigned(m.requestId(), "requestId");
        WireWriter out = new WireWriter(checkSize(1 + varintSize(requestId)));
        out.u8(WireFormat.NOT_LEADER);
        out.varint(requestId);
        return out.finish();
    }

    private byte[] forwardQuery(ForwardQuery<C, Q, R> m) {
        long requestId = unsigned(m.requestId(), "requestId");
        byte[] query = Nested.encode(queries, m.query(), "query");
        WireWriter out = new WireWriter(checkSize(1L + varintSize(requestId) + varintSize(query.length) + query.length));
        out.u8(WireFormat.FORWARD_QUERY);
        out.varint(requestId);
        out.bytes(query);
        return out.finish();
    }

    private byte[] queryResponse(QueryResponse<C, Q, R> m) {
        long requestId = unsigned(m.requestId(), "requestId");
        byte[] result = Nested.encode(results, m.result(), "result");
        long position = m.position().value();
        WireWriter out = new WireWriter(checkSize(1L + varintSize(requestId)
                + varintSize(result.length) + result.length + varintSize(position)));
        out.u8(WireFormat.QUERY_RESPONSE);
        out.varint(requestId);
        out.bytes(result);
        out.varint(position);
        return out.finish();
    }

    private byte[] voterChangeResult(RaftMessage.VoterChangeResult<C, Q, R> m) {
        long requestId = unsigned(m.requestId(), "requestId");
        byte[] detail = m.detail().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (detail.length > RaftMessage.VoterChangeResult.MAX_DETAIL_BYTES) {
            throw new CodecException("a voter change detail of " + detail.length + " bytes");
        }
        if (m.voters().size() > dev.groups.consensus.ConsensusConfig.MAX_VOTERS) {
            throw new CodecException("a configuration of " + m.voters().size() + " voters");
        }
        WireWriter out = new WireWriter(checkSize(1L + varintSize(requestId) + 1 + varintSize(detail.length)
                + detail.length + varintSize(m.voters().size()) + (long) PEER_BYTES * m.voters().size()
                + varintSize(m.position().term().value()) + varintSize(m.position().index().value())));
        out.u8(WireFormat.VOTER_CHANGE_RESULT);
        out.varint(requestId);
        out.u8(WireFormat.statusCode(m.status()));
        out.bytes(detail);
        out.varint(m.voters().size());
        for (PeerId v : m.voters()) {
            out.peer(v);
        }
        out.varint(m.position().term().value());
        out.varint(m.position().index().value());
        return out.finish();
    }

    private byte[] syncMessage(SyncMessage<C, Q, R> m) {
        byte[] payload = m.payload();
        WireWriter out = new WireWriter(checkSize(1L + varintSize(payload.length) + payload.length));
        out.u8(WireFormat.SYNC_MESSAGE);
        out.bytes(payload);
        return out.finish();
    }

    /** {@code size} as an int, or a {@link CodecException} when above the limit. */
    private int checkSize(long size) {
        if (size > maxMessageBytes) {
            throw new CodecException("message of at least " + size + " bytes exceeds the limit of "
                    + maxMessageBytes);
        }
        return (int) size;
    }
}
