package dev.groups.testkit.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates histories that are linearizable by construction: clients issue operations one after another
 * with random intervals; every operation that takes effect gets a random linearization point inside its
 * interval, and a real (sequential) register or map applied in linearization-point order produces the
 * outputs. Some operations fail (no effect) or time out (effect at a random point after invocation,
 * possibly after the client gave up, or no effect at all). Written values are unique and positive.
 */
final class SimulatedHistories {

    /** The mix of operations and outcomes. */
    record Shape(int clients, int operations, int keys, double failedRate, double unknownRate, double casRate) {
    }

    private record Planned<I>(int client, I input, long invokedAt, long completedAt, Outcome outcome,
            boolean takesEffect, long point, int index) {
    }

    private SimulatedHistories() {
    }

    static History<RegisterInput, RegisterOutput> register(long seed, Shape shape) {
        Random random = new Random(seed);
        long[] nextValue = {1};
        List<Long> written = new ArrayList<>(List.of(0L));
        List<Planned<RegisterInput>> plan = plan(random, shape, r -> {
            double roll = r.nextDouble();
            if (roll < shape.casRate()) {
                long expected = written.get(Math.max(0, written.size() - 1 - r.nextInt(3)));
                long update = nextValue[0]++;
                written.add(update);
                return RegisterInput.cas(expected, update);
            }
            if (roll < shape.casRate() + (1 - shape.casRate()) / 2) {
                return RegisterInput.read();
            }
            long value = nextValue[0]++;
            written.add(value);
            return RegisterInput.write(value);
        });
        long[] register = {0};
        Map<Integer, RegisterOutput> outputs = apply(plan, input -> {
            if (input instanceof RegisterInput.Write write) {
                register[0] = write.value();
                return RegisterOutput.ok();
            }
            if (input instanceof RegisterInput.Cas cas) {
                boolean swapped = register[0] == cas.expected();
                if (swapped) {
                    register[0] = cas.update();
                }
                return RegisterOutput.casResult(swapped);
            }
            return RegisterOutput.value(register[0]);
        });
        return toHistory(plan, outputs);
    }

    static History<KvInput, KvOutput> keyValue(long seed, Shape shape) {
        Random random = new Random(seed);
        long[] nextValue = {1};
        List<Planned<KvInput>> plan = plan(random, shape, r -> {
            String key = "k" + r.nextInt(shape.keys());
            double roll = r.nextDouble();
            if (roll < shape.casRate()) {
                return KvInput.cas(key, Math.max(1, nextValue[0] - 1 - r.nextInt(3)), nextValue[0]++);
            }
            if (roll < shape.casRate() + 0.05) {
                return KvInput.delete(key);
            }
            if (roll < 0.55) {
                return KvInput.get(key);
            }
            return KvInput.put(key, nextValue[0]++);
        });
        Map<String, Long> map = new HashMap<>();
        Map<Integer, KvOutput> outputs = apply(plan, input -> {
            Long current = map.get(input.key());
            if (input instanceof KvInput.Put put) {
                map.put(put.key(), put.value());
                return KvOutput.ok();
            }
            if (input instanceof KvInput.Delete delete) {
                map.remove(delete.key());
                return KvOutput.ok();
            }
            if (input instanceof KvInput.Cas cas) {
                boolean swapped = current != null && current == cas.expected();
                if (swapped) {
                    map.put(cas.key(), cas.update());
                }
                return KvOutput.casResult(swapped);
            }
            return current == null ? KvOutput.absent() : KvOutput.value(current);
        });
        return toHistory(plan, outputs);
    }

    private static <I> List<Planned<I>> plan(Random random, Shape shape, Function<Random, I> inputs) {
        long[] clientClock = new long[shape.clients()];
        for (int c = 0; c < shape.clients(); c++) {
            clientClock[c] = random.nextInt(5);
        }
        List<Planned<I>> plan = new ArrayList<>(shape.operations());
        for (int index = 0; index < shape.operations(); index++) {
            int client = random.nextInt(shape.clients());
            long invokedAt = clientClock[client] + random.nextInt(4);
            long completedAt = invokedAt + 1 + random.nextInt(12);
            double roll = random.nextDouble();
            Outcome outcome = roll < shape.failedRate() ? Outcome.FAILED
                    : roll < shape.failedRate() + shape.unknownRate() ? Outcome.UNKNOWN : Outcome.OK;
            boolean takesEffect = outcome == Outcome.OK || (outcome == Outcome.UNKNOWN && random.nextBoolean());
            long point = outcome == Outcome.UNKNOWN
                    ? invokedAt + random.nextInt(60) // may land long after the client gave up
                    : invokedAt + random.nextInt((int) (completedAt - invokedAt) + 1);
            plan.add(new Planned<>(client, inputs.apply(random), invokedAt, completedAt, outcome, takesEffect,
                    point, index));
            clientClock[client] = completedAt;
        }
        return plan;
    }

    /** Applies the effective operations in linearization-point order; returns outputs by plan index. */
    private static <I, O> Map<Integer, O> apply(List<Planned<I>> plan, Function<I, O> sequential) {
        List<Planned<I>> effective = new ArrayList<>();
        for (Planned<I> planned : plan) {
            if (planned.takesEffect()) {
                effective.add(planned);
            }
        }
        effective.sort(Comparator.comparingLong((Planned<I> p) -> p.point()).thenComparingInt(Planned::index));
        Map<Integer, O> outputs = new HashMap<>();
        for (Planned<I> planned : effective) {
            outputs.put(planned.index(), sequential.apply(planned.input()));
        }
        return outputs;
    }

    private static <I, O> History<I, O> toHistory(List<Planned<I>> plan, Map<Integer, O> outputs) {
        List<Operation<I, O>> operations = new ArrayList<>(plan.size());
        for (Planned<I> p : plan) {
            operations.add(switch (p.outcome()) {
                case OK -> Operation.ok(p.client(), p.input(), outputs.get(p.index()), p.invokedAt(), p.completedAt());
                case FAILED -> Operation.failed(p.client(), p.input(), p.invokedAt(), p.completedAt());
                case UNKNOWN -> Operation.unknown(p.client(), p.input(), p.invokedAt(), p.completedAt());
            });
        }
        operations.sort(Comparator.comparingLong(Operation::invokedAt));
        return History.of(operations);
    }
}
