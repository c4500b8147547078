package dev.groups.bench.peers.microraft;

import io.microraft.RaftEndpoint;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStoreSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The serializer {@code RaftSqliteStore} needs for MicroRaft's model objects (MicroRaft leaves the
 * encoding to its users): plain {@code DataOutput} fields, the operations of this benchmark only.
 */
final class StoreSerializer implements RaftStoreSerializer {
    private final RaftModelFactory model;

    StoreSerializer(RaftModelFactory model) {
        this.model = model;
    }

    interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static <T> Serializer<T> of(Writer<T> writer, Reader<T> reader) {
        return new Serializer<>() {
            @Override
            public byte[] serialize(T value) {
                try {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    DataOutputStream out = new DataOutputStream(bytes);
                    writer.write(out, value);
                    out.flush();
                    return bytes.toByteArray();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public T deserialize(byte[] data) {
                try {
                    return reader.read(new DataInputStream(new ByteArrayInputStream(data)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    static void writeEndpoint(DataOutputStream out, RaftEndpoint e) throws IOException {
        out.writeBoolean(e != null);
        if (e != null) {
            out.writeUTF((String) e.getId());
        }
    }

    static RaftEndpoint readEndpoint(DataInputStream in) throws IOException {
        return in.readBoolean() ? new MicroRaftBench.Endpoint(in.readUTF()) : null;
    }

    static void writeEndpoints(DataOutputStream out, Collection<RaftEndpoint> es) throws IOException {
        out.writeInt(es.size());
        for (RaftEndpoint e : es) {
            writeEndpoint(out, e);
        }
    }

    static List<RaftEndpoint> readEndpoints(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<RaftEndpoint> es = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            es.add(readEndpoint(in));
        }
        return es;
    }

    void writeView(DataOutputStream out, RaftGroupMembersView v) throws IOException {
        out.writeLong(v.getLogIndex());
        writeEndpoints(out, v.getMembers());
        writeEndpoints(out, v.getVotingMembers());
    }

    RaftGroupMembersView readView(DataInputStream in) throws IOException {
        return model.createRaftGroupMembersViewBuilder().setLogIndex(in.readLong()).setMembers(readEndpoints(in))
                .setVotingMembers(readEndpoints(in)).build();
    }

    static void writeOperation(DataOutputStream out, Object op) throws IOException {
        if (op instanceof MicroRaftBench.Command c) {
            out.writeByte(1);
            out.writeInt(c.payload().length);
            out.write(c.payload());
        } else if (op instanceof MicroRaftBench.NewTerm) {
            out.writeByte(2);
        } else if (op instanceof long[] snapshot) {
            out.writeByte(3);
            out.writeLong(snapshot[0]);
            out.writeLong(snapshot[1]);
        } else {
            throw new IllegalArgumentException("the benchmark does not persist " + op);
        }
    }

    static Object readOperation(DataInputStream in) throws IOException {
        switch (in.readByte()) {
            case 1 -> {
                byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                return new MicroRaftBench.Command(payload);
            }
            case 2 -> {
                return MicroRaftBench.NewTerm.INSTANCE;
            }
            case 3 -> {
                return new long[] {in.readLong(), in.readLong()};
            }
            default -> throw new IOException("unknown operation tag");
        }
    }

    @Override
    public Serializer<RaftGroupMembersView> raftGroupMembersViewSerializer() {
        return of(this::writeView, this::readView);
    }

    @Override
    public Serializer<RaftEndpoint> raftEndpointSerializer() {
        return of(StoreSerializer::writeEndpoint, StoreSerializer::readEndpoint);
    }

    static void writeEntry(DataOutputStream out, LogEntry e) throws IOException {
        out.writeLong(e.getIndex());
        out.writeInt(e.getTerm());
        writeOperation(out, e.getOperation());
    }

    LogEntry readEntry(DataInputStream in) throws IOException {
        return model.createLogEntryBuilder().setIndex(in.readLong()).setTerm(in.readInt())
                .setOperation(readOperation(in)).build();
    }

    @Override
    public Serializer<LogEntry> logEntrySerializer() {
        return of(StoreSerializer::writeEntry, this::readEntry);
    }

    void writeChunk(DataOutputStream out, SnapshotChunk c) throws IOException {
        out.writeLong(c.getIndex());
        out.writeInt(c.getTerm());
        writeOperation(out, c.getOperation());
        out.writeInt(c.getSnapshotChunkIndex());
        out.writeInt(c.getSnapshotChunkCount());
        writeView(out, c.getGroupMembersView());
    }

    SnapshotChunk readChunk(DataInputStream in) throws IOException {
        return model.createSnapshotChunkBuilder().setIndex(in.readLong()).setTerm(in.readInt())
                .setOperation(readOperation(in)).setSnapshotChunkIndex(in.readInt())
                .setSnapshotChunkCount(in.readInt()).setGroupMembersView(readView(in)).build();
    }

    @Override
    public Serializer<SnapshotChunk> snapshotChunkSerializer() {
        return of(this::writeChunk, this::readChunk);
    }

    @Override
    public Serializer<RaftEndpointPersistentState> raftEndpointPersistentStateSerializer() {
        return of((out, s) -> {
            writeEndpoint(out, s.getLocalEndpoint());
            out.writeBoolean(s.isVoting());
        }, in -> model.createRaftEndpointPersistentStateBuilder().setLocalEndpoint(readEndpoint(in))
                .setVoting(in.readBoolean()).build());
    }

    @Override
    public Serializer<RaftTermPersistentState> raftTermPersistentState() {
        return of((out, s) -> {
            out.writeInt(s.getTerm());
            writeEndpoint(out, s.getVotedFor());
        }, in -> model.createRaftTermPersistentStateBuilder().setTerm(in.readInt()).setVotedFor(readEndpoint(in))
                .build());
    }
}
