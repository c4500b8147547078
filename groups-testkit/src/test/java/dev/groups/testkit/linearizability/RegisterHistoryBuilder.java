package dev.groups.testkit.linearizability;

import java.util.ArrayList;
import java.util.List;

/** Builds register histories tersely in tests. */
final class RegisterHistoryBuilder {

    private final List<Operation<RegisterInput, RegisterOutput>> operations = new ArrayList<>();

    RegisterHistoryBuilder write(int client, long value, long invokedAt, long completedAt) {
        return add(Operation.ok(client, RegisterInput.write(value), RegisterOutput.ok(), invokedAt, completedAt));
    }

    RegisterHistoryBuilder read(int client, long observed, long invokedAt, long completedAt) {
        return add(Operation.ok(client, RegisterInput.read(), RegisterOutput.value(observed), invokedAt, completedAt));
    }

    RegisterHistoryBuilder cas(int client, long expected, long update, boolean swapped, long invokedAt,
            long completedAt) {
        return add(Operation.ok(client, RegisterInput.cas(expected, update), RegisterOutput.casResult(swapped),
                invokedAt, completedAt));
    }

    RegisterHistoryBuilder writeUnknown(int client, long value, long invokedAt, long gaveUpAt) {
        return add(Operation.unknown(client, RegisterInput.write(value), invokedAt, gaveUpAt));
    }

    RegisterHistoryBuilder writeFailed(int client, long value, long invokedAt, long completedAt) {
        return add(Operation.failed(client, RegisterInput.write(value), invokedAt, completedAt));
    }

    RegisterHistoryBuilder add(Operation<RegisterInput, RegisterOutput> operation) {
        operations.add(operation);
        return this;
    }

    History<RegisterInput, RegisterOutput> build() {
        return History.of(operations);
    }
}
