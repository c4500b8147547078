package dev.groups.examples.kv;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.Term;
import dev.groups.machine.ApplyContext;
import java.util.List;

/** Applies commands to a machine as the runtime would: in log order, each at the next index (term 1). */
final class Log {
    private final KvMachine machine;
    private long last;

    Log(KvMachine machine) {
        this.machine = machine;
    }

    /** Applies one command; returns its index. */
    long apply(KvCommand command) {
        machine.apply(command, context(last, last + 1));
        return ++last;
    }

    /** Applies commands as one batch; returns the index of the first. */
    long applyBatch(List<KvCommand> commands) {
        machine.applyBatch(commands, context(last, last + commands.size()));
        long first = last + 1;
        last += commands.size();
        return first;
    }

    KvResult query(KvQuery query) {
        return machine.query(query);
    }

    private static ApplyContext context(long committed, long logEnd) {
        return new Context(Cursor.of(committed == 0 ? 0 : 1, committed), Cursor.of(1, logEnd));
    }

    private record Context(Cursor committed, Cursor logPosition) implements ApplyContext {
        @Override
        public Term currentTerm() {
            return Term.ONE;
        }

        @Override
        public GroupId groupId() {
            return new GroupId(Digest.of("kv test group"));
        }

        @Override
        public NetworkId networkId() {
            return NetworkId.of("kv test network");
        }
    }
}
