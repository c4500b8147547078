package dev.groups.raft.wire;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
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
import dev.groups.raft.core.Vote;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one message. Every value is checked before a record is built from it, so the records'
 * constructors never throw.
 */
final class MessageDecoder<C, Q, R> {
    private final Codec<LogPayload<C>> payloads;
    private final Codec<C> commands;
    private final Codec<Q> queries;
    private final Codec<R> results;

    MessageDecoder(Codec<C> commands, Codec<Q> queries, Codec<R> results) {
        this.payloads = LogPayload.codec(commands);
        this.commands = commands;
        this.queries = queries;
        this.results = results;
    }

    RaftMessage<C, Q, R> decode(WireReader in) {
        int tag = in.u8();
        RaftMessage<C, Q, R> message = switch (tag) {
            case WireFormat.APPEND_ENTRIES -> appendEntries(in);
            case WireFormat.APPEND_ENTRIES_RESPONSE -> appendEntriesResponse(in);
            case WireFormat.REQUEST_VOTE -> requestVote(in);
            case WireFormat.REQUEST_VOTE_RESPONSE -> requestVoteResponse(in);
            case WireFormat.FORWARD_COMMANDS -> forwardCommands(in);
            case WireFormat.COMMAND_ACK -> commandAck(in);
            case WireFormat.NOT_LEADER -> new NotLeader<>(in.varint());
            case WireFormat.FORWARD_QUERY -> forwardQuery(in);
            case WireFormat.QUERY_RESPONSE -> queryResponse(in);
            case WireFormat.SYNC_MESSAGE -> new SyncMessage<>(in.bytes());
            case WireFormat.PRE_VOTE -> new PreVote<>(Term.of(in.varint()), in.peer(), cursor(in));
            case WireFormat.PRE_VOTE_RESPONSE -> new PreVoteResponse<>(Term.of(in.varint()), Term.of(in.varint()),
                    WireFormat.vote(in.u8()));
            case WireFormat.TIMEOUT_NOW -> new TimeoutNow<>(Term.of(in.varint()));
            case WireFormat.FORWARD_VOTER_CHANGE -> new RaftMessage.ForwardVoterChange<>(in.varint(),
                    Term.of(in.varint()), in.bool(), in.peer());
            case WireFormat.VOTER_CHANGE_RESULT -> voterChangeResult(in);
            default -> throw new CodecException("unknown message tag 0x" + Integer.toHexString(tag));
        };
        in.expectEnd();
        return message;
    }

    private AppendEntries<C, Q, R> appendEntries(WireReader in) {
        Term term = Term.of(in.varint());
        PeerId leader = in.peer();
        Cursor prev = cursor(in);
        PeerId prevLeader = in.optionalPeer();
        int n = in.count(WireFormat.MIN_ENTRY_BYTES);
        long prevIndex = prev.index().value();
        if (n > 0 && prevIndex > Long.MAX_VALUE - n) {
            throw new CodecException(n + " entries after index " + prevIndex + " overflow the log");
        }
        List<LogEntry<LogPayload<C>>> entries = n == 0 ? List.of() : new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Term entryTerm = Term.of(in.varint());
            LogPayload<C> payload = in.nested(payloads, "log payload");
            entries.add(new LogEntry<>(Index.of(prevIndex + 1 + i), entryTerm, payload));
        }
        Index leaderCommit = Index.of(in.varint());
        long seq = in.varint();
        boolean catchUp = in.bool();
        return new AppendEntries<>(term, leader, prev, prevLeader, entries, leaderCommit, seq, catchUp);
    }

    private AppendEntriesResponse<C, Q, R> appendEntriesResponse(WireReader in) {
        Term term = Term.of(in.varint());
        Vote vote = WireFormat.vote(in.u8());
        Index index = Index.of(in.varint());
        Index prevIndex = Index.of(in.varint());
        long seq = in.varint();
        boolean observer = in.bool();
        boolean conflict = in.bool();
        return new AppendEntriesResponse<>(term, vote, index, prevIndex, seq, observer, conflict);
    }

    private RequestVote<C, Q, R> requestVote(WireReader in) {
        Term term = Term.of(in.varint());
        PeerId candidate = in.peer();
        Cursor lastLog = cursor(in);
        return new RequestVote<>(term, candidate, lastLog, in.bool());
    }

    private RequestVoteResponse<C, Q, R> requestVoteResponse(WireReader in) {
        Term term = Term.of(in.varint());
        return new RequestVoteResponse<>(term, WireFormat.vote(in.u8()));
    }

    private ForwardCommands<C, Q, R> forwardCommands(WireReader in) {
        long requestId = in.varint();
        long session = in.fixed64();
        long firstSequence = in.varint();
        int n = in.count(WireFormat.MIN_COMMAND_BYTES);
        List<C> list = n == 0 ? List.of() : new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(in.nested(commands, "command"));
        }
        Term leaderTerm = Term.of(in.varint());
        return new ForwardCommands<>(requestId, session, firstSequence, list, leaderTerm);
    }

    private CommandAck<C, Q, R> commandAck(WireReader in) {
        long requestId = in.varint();
        Index start = Index.of(in.varint());
        Index end = Index.of(in.varint());
        return new CommandAck<>(requestId, new IndexRange(start, end));
    }

    private ForwardQuery<C, Q, R> forwardQuery(WireReader in) {
        long requestId = in.varint();
        return new ForwardQuery<>(requestId, in.nested(queries, "query"));
    }

    private QueryResponse<C, Q, R> queryResponse(WireReader in) {
        long requestId = in.varint();
        R result = in.nested(results, "result");
        Index position = Index.of(in.varint());
        return new QueryResponse<>(requestId, result, position);
    }

    private RaftMessage.VoterChangeResult<C, Q, R> voterChangeResult(WireReader in) {
        long requestId = in.varint();
        var status = WireFormat.status(in.u8());
        String detail = in.nested(dev.groups.machine.Codecs.utf8(), "detail"); // well-formed UTF-8 only
        int detailBytes = detail.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (detailBytes > RaftMessage.VoterChangeResult.MAX_DETAIL_BYTES) {
            throw new CodecException("a voter change detail of " + detailBytes + " bytes");
        }
        int n = in.count(WireFormat.PEER_BYTES);
        if (n > dev.groups.consensus.ConsensusConfig.MAX_VOTERS) {
            throw new CodecException("a configuration of " + n + " voters");
        }
        java.util.SortedSet<PeerId> voters = new java.util.TreeSet<>();
        PeerId previous = null;
        for (int i = 0; i < n; i++) {
            PeerId v = in.peer();
            if (previous != null && previous.compareTo(v) >= 0) {
                throw new CodecException("voters not in strictly ascending order");
            }
            voters.add(v);
            previous = v;
        }
        Cursor position = cursor(in);
        return new RaftMessage.VoterChangeResult<>(requestId, status, detail, voters, position);
    }

    private static Cursor cursor(WireReader in) {
        Term term = Term.of(in.varint());
        return new Cursor(term, Index.of(in.varint()));
    }
}
