package dev.groups.testkit.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperationTest {

    @Test
    void completionBeforeInvocationIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Operation.ok(0, RegisterInput.read(), RegisterOutput.value(0), 5, 4));
        assertThrows(IllegalArgumentException.class, () -> Operation.failed(0, RegisterInput.write(1), 5, 4));
    }

    @Test
    void outputIsRequiredExactlyForOkOperations() {
        assertThrows(IllegalArgumentException.class,
                () -> new Operation<>(0, RegisterInput.read(), null, 1, 2, Outcome.OK));
        assertThrows(IllegalArgumentException.class,
                () -> new Operation<>(0, RegisterInput.read(), RegisterOutput.value(1), 1, 2, Outcome.UNKNOWN));
        assertThrows(IllegalArgumentException.class,
                () -> new Operation<>(0, RegisterInput.write(1), RegisterOutput.ok(), 1, 2, Outcome.FAILED));
        assertThrows(NullPointerException.class,
                () -> Operation.ok(0, null, RegisterOutput.ok(), 1, 2));
    }

    @Test
    void observedOutputIsEmptyWhenUnknown() {
        assertEquals(Optional.of(RegisterOutput.value(3)),
                Operation.ok(0, RegisterInput.read(), RegisterOutput.value(3), 1, 1).observedOutput());
        assertEquals(Optional.empty(),
                Operation.<RegisterInput, RegisterOutput>unknown(0, RegisterInput.write(3), 1).observedOutput());
    }

    @Test
    void historyIsAnImmutableCopy() {
        List<Operation<RegisterInput, RegisterOutput>> ops = new ArrayList<>();
        ops.add(Operation.ok(0, RegisterInput.write(1), RegisterOutput.ok(), 0, 1));
        History<RegisterInput, RegisterOutput> history = History.of(ops);
        ops.add(Operation.failed(0, RegisterInput.write(2), 2, 3));

        assertEquals(1, history.size());
        assertThrows(UnsupportedOperationException.class, () -> history.operations().clear());
        assertEquals(1, History.of(ops.get(0), ops.get(1)).count(Outcome.FAILED));
    }
}
