package dev.groups.bench.peers.microraft;

import io.microraft.RaftEndpoint;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.message.AppendEntriesFailureResponse;
import io.microraft.model.message.AppendEntriesRequest;
import io.microraft.model.message.AppendEntriesSuccessResponse;
import io.microraft.model.message.InstallSnapshotRequest;
import io.microraft.model.message.InstallSnapshotResponse;
import io.microraft.model.message.PreVoteRequest;
import io.microraft.model.message.PreVoteResponse;
import io.microraft.model.message.RaftMessage;
import io.microraft.model.message.TriggerLeaderElectionRequest;
import io.microraft.model.message.VoteRequest;
import io.microraft.model.message.VoteResponse;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes MicroRaft's messages for the loopback TCP transport (MicroRaft leaves the wire format to its
 * users): a tag, the common header (group id, sender, term), then each message's fields with
 * {@code DataOutput}. Entries are encoded as for the SQLite store.
 */
final class MessageCodec {
    private final RaftModelFactory model;
    private final StoreSerializer store;

    MessageCodec(RaftModelFactory model, StoreSerializer store) {
        this.model = model;
        this.store = store;
    }

    void write(DataOutputStream out, RaftMessage m) throws IOException {
        int tag = tag(m);
        out.writeByte(tag);
        out.writeUTF((String) m.getGroupId());
        StoreSerializer.writeEndpoint(out, m.getSender());
        out.writeInt(m.getTerm());
        if (m instanceof AppendEntriesRequest r) {
            out.writeInt(r.getPreviousLogTerm());
            out.writeLong(r.getPreviousLogIndex());
            out.writeLong(r.getCommitIndex());
            out.writeLong(r.getQuerySequenceNumber());
            out.writeLong(r.getFlowControlSequenceNumber());
            List<LogEntry> entries = r.getLogEntries();
            out.writeInt(entries.size());
            for (LogEntry e : entries) {
                StoreSerializer.writeEntry(out, e);
            }
        } else if (m instanceof AppendEntriesSuccessResponse r) {
            out.writeLong(r.getLastLogIndex());
            out.writeLong(r.getQuerySequenceNumber());
            out.writeLong(r.getFlowControlSequenceNumber());
        } else if (m instanceof AppendEntriesFailureResponse r) {
            out.writeLong(r.getExpectedNextIndex());
            out.writeLong(r.getQuerySequenceNumber());
            out.writeLong(r.getFlowControlSequenceNumber());
        } else if (m instanceof InstallSnapshotRequest r) {
            out.writeBoolean(r.isSenderLeader());
            out.writeInt(r.getSnapshotTerm());
            out.writeLong(r.getSnapshotIndex());
            out.writeInt(r.getTotalSnapshotChunkCount());
            out.writeBoolean(r.getSnapshotChunk() != null);
            if (r.getSnapshotChunk() != null) {
                store.writeChunk(out, r.getSnapshotChunk());
            }
            StoreSerializer.writeEndpoints(out, r.getSnapshottedMembers());
            out.writeBoolean(r.getGroupMembersView() != null);
            if (r.getGroupMembersView() != null) {
                store.writeView(out, r.getGroupMembersView());
            }
            out.writeLong(r.getQuerySequenceNumber());
            out.writeLong(r.getFlowControlSequenceNumber());
        } else if (m instanceof InstallSnapshotResponse r) {
            out.writeLong(r.getSnapshotIndex());
            out.writeInt(r.getRequestedSnapshotChunkIndex());
            out.writeLong(r.getQuerySequenceNumber());
            out.writeLong(r.getFlowControlSequenceNumber());
        } else if (m instanceof PreVoteRequest r) {
            out.writeInt(r.getLastLogTerm());
            out.writeLong(r.getLastLogIndex());
        } else if (m instanceof PreVoteResponse r) {
            out.writeBoolean(r.isGranted());
        } else if (m instanceof VoteRequest r) {
            out.writeInt(r.getLastLogTerm());
            out.writeLong(r.getLastLogIndex());
            out.writeBoolean(r.isSticky());
        } else if (m instanceof VoteResponse r) {
            out.writeBoolean(r.isGranted());
        } else if (m instanceof TriggerLeaderElectionRequest r) {
            out.writeInt(r.getLastLogTerm());
            out.writeLong(r.getLastLogIndex());
        }
    }

    private static int tag(RaftMessage m) {
        if (m instanceof AppendEntriesRequest) {
            return 1;
        } else if (m instanceof AppendEntriesSuccessResponse) {
            return 2;
        } else if (m instanceof AppendEntriesFailureResponse) {
            return 3;
        } else if (m instanceof InstallSnapshotRequest) {
            return 4;
        } else if (m instanceof InstallSnapshotResponse) {
            return 5;
        } else if (m instanceof PreVoteRequest) {
            return 6;
        } else if (m instanceof PreVoteResponse) {
            return 7;
        } else if (m instanceof VoteRequest) {
            return 8;
        } else if (m instanceof VoteResponse) {
            return 9;
        } else if (m instanceof TriggerLeaderElectionRequest) {
            return 10;
        }
        throw new IllegalArgumentException("unknown message " + m);
    }

    RaftMessage read(DataInputStream in) throws IOException {
        int tag = in.readByte();
        String group = in.readUTF();
        RaftEndpoint sender = StoreSerializer.readEndpoint(in);
        int term = in.readInt();
        switch (tag) {
            case 1 -> {
                var b = model.createAppendEntriesRequestBuilder().setGroupId(group).setSender(sender).setTerm(term)
                        .setPreviousLogTerm(in.readInt()).setPreviousLogIndex(in.readLong())
                        .setCommitIndex(in.readLong()).setQuerySequenceNumber(in.readLong())
                        .setFlowControlSequenceNumber(in.readLong());
                int n = in.readInt();
                List<LogEntry> entries = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    entries.add(store.readEntry(in));
                }
                return b.setLogEntries(entries).build();
            }
            case 2 -> {
                return model.createAppendEntriesSuccessResponseBuilder().setGroupId(group).setSender(sender)
                        .setTerm(term).setLastLogIndex(in.readLong()).setQuerySequenceNumber(in.readLong())
                        .setFlowControlSequenceNumber(in.readLong()).build();
            }
            case 3 -> {
                return model.createAppendEntriesFailureResponseBuilder().setGroupId(group).setSender(sender)
                        .setTerm(term).setExpectedNextIndex(in.readLong()).setQuerySequenceNumber(in.readLong())
                        .setFlowControlSequenceNumber(in.readLong()).build();
            }
            case 4 -> {
                var b = model.createInstallSnapshotRequestBuilder().setGroupId(group).setSender(sender).setTerm(term)
                        .setSenderLeader(in.readBoolean()).setSnapshotTerm(in.readInt())
                        .setSnapshotIndex(in.readLong()).setTotalSnapshotChunkCount(in.readInt());
                b.setSnapshotChunk(in.readBoolean() ? store.readChunk(in) : null);
                b.setSnapshottedMembers(StoreSerializer.readEndpoints(in));
                b.setGroupMembersView(in.readBoolean() ? store.readView(in) : null);
                return b.setQuerySequenceNumber(in.readLong()).setFlowControlSequenceNumber(in.readLong()).build();
            }
            case 5 -> {
                return model.createInstallSnapshotResponseBuilder().setGroupId(group).setSender(sender).setTerm(term)
                        .setSnapshotIndex(in.readLong()).setRequestedSnapshotChunkIndex(in.readInt())
                        .setQuerySequenceNumber(in.readLong()).setFlowControlSequenceNumber(in.readLong()).build();
            }
            case 6 -> {
                return model.createPreVoteRequestBuilder().setGroupId(group).setSender(sender).setTerm(term)
                        .setLastLogTerm(in.readInt()).setLastLogIndex(in.readLong()).build();
            }
            case 7 -> {
                return model.createPreVoteResponseBuilder().setGroupId(group).setSender(sender).setTerm(term)
                        .setGranted(in.readBoolean()).build();
            }
            case 8 -> {
                return model.createVoteRequestBuilder().setGroupId(group).setSender(sender).setTerm(term)
                        .setLastLogTerm(in.readInt()).setLastLogIndex(in.readLong()).setSticky(in.readBoolean())
                        .build();
            }
            case 9 -> {
                return model.createVoteResponseBuilder().setGroupId(group).setSender(sender).setTerm(term)
                        .setGranted(in.readBoolean()).build();
            }
            case 10 -> {
                return model.createTriggerLeaderElectionRequestBuilder().setGroupId(group).setSender(sender)
                        .setTerm(term).setLastLogTerm(in.readInt()).setLastLogIndex(in.readLong()).build();
            }
            default -> throw new IOException("unknown message tag " + tag);
        }
    }
}
