package dev.groups.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.Term;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.StateMachine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The {@link StateMachine} contract, as a JUnit 5 suite a machine author extends: implement
 * {@link #newMachine()} (a fresh machine in its initial state), {@link #randomCommand} and
 * {@link #randomQuery} (drawn only from the generator given, so runs are reproducible). The suite then
 * checks what replicas rely on:
 * <ul>
 *   <li><b>determinism</b>: fresh machines fed the same commands answer every query identically, whether
 *       the commands arrive one by one through {@code apply} or in batches of varying size (never mixing
 *       terms) through {@code applyBatch}, and however often they were queried in between;</li>
 *   <li><b>reset</b> returns a machine to the state of a fresh one;</li>
 *   <li><b>codecs</b> round-trip every generated command, query and result exactly (also inside a larger
 *       buffer), and reject garbage (10,000 random byte arrays each, plus as many corrupted valid
 *       encodings) with {@link CodecException} only;</li>
 *   <li><b>signatures</b> of the machine and of its state sync are the same on every instance and call
 *       (they are part of the group id), and the state sync's message codec also rejects garbage with
 *       {@link CodecException} only.</li>
 * </ul>
 * Answers are compared by their encoding with {@link StateMachine#resultCodec()}, so result types need
 * no {@code equals}. The machine's {@code ApplyContext} carries log positions consistent with the
 * commands' indices; a machine whose state depends on {@link ApplyContext#logPosition()}, which differs
 * between replicas and between batchings, fails the determinism checks.
 *
 * <p>The suite runs single-threaded and creates machines only through {@link #newMachine()}.
 *
 * @param <C> command type
 * @param <Q> query type
 * @param <R> query result type
 */
public abstract class StateMachineContract<C, Q, R> {
    private static final int GARBAGE_INPUTS = 10_000;
    private static final GroupId GROUP = new GroupId(Digest.of("contract group"));
    private static final NetworkId NETWORK = NetworkId.of("contract network");

    /** A new machine in its initial state. */
    protected abstract StateMachine<C, Q, R> newMachine();

    /** A command drawn from {@code random} only. */
    protected abstract C randomCommand(RandomGenerator random);

    /** A query drawn from {@code random} only. */
    protected abstract Q randomQuery(RandomGenerator random);

    /** Commands per determinism run (default 500). */
    protected int commandsPerRun() {
        return 500;
    }

    /** Queries asked at each comparison (default 32). */
    protected int queriesPerCheck() {
        return 32;
    }

    /** Seeds of the randomized checks (default three). */
    protected long[] seeds() {
        return new long[] {1, 2, 3};
    }

    /** The deterministic context of a batch at {@code first ..} in {@code term}. */
    private record Context(Cursor committed, Cursor logPosition, Term currentTerm) implements ApplyContext {
        @Override
        public GroupId groupId() {
            return GROUP;
        }

        @Override
        public NetworkId networkId() {
            return NETWORK;
        }
    }

    /** A generated run: commands with their terms (non-decreasing), and the queries asked. */
    private final class Run {
        final List<C> commands = new ArrayList<>();
        final List<Term> terms = new ArrayList<>();
        final List<Q> queries = new ArrayList<>();

        Run(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            long term = 1;
            for (int i = 0; i < commandsPerRun(); i++) {
                if (random.nextInt(20) == 0) {
                    term += 1 + random.nextInt(3);
                }
                commands.add(randomCommand(random));
                terms.add(Term.of(term));
            }
            for (int i = 0; i < queriesPerCheck(); i++) {
                queries.add(randomQuery(random));
            }
        }

        /** The cursor of the entry at 1-based {@code index} (index 0 is the sentinel). */
        Cursor cursor(int index) {
            return index == 0 ? Cursor.ZERO : new Cursor(terms.get(index - 1), Index.of(index));
        }

        /** Applies commands {@code from ..= to} (1-based, one term) as one batch. */
        void applyBatch(StateMachine<C, Q, R> m, int from, int to) {
            m.applyBatch(List.copyOf(commands.subList(from - 1, to)),
                    new Context(cursor(from - 1), cursor(to), terms.get(from - 1)));
        }

        /** Applies command {@code index} (1-based) alone. */
        void apply(StateMachine<C, Q, R> m, int index) {
            m.apply(commands.get(index - 1), new Context(cursor(index - 1), cursor(index), terms.get(index - 1)));
        }
    }

    private List<byte[]> answers(StateMachine<C, Q, R> m, List<Q> queries) {
        Codec<R> codec = m.resultCodec();
        List<byte[]> out = new ArrayList<>(queries.size());
        for (Q q : queries) {
            out.add(codec.encode(m.query(q)));
        }
        return out;
    }

    private void assertSameAnswers(StateMachine<C, Q, R> expected, StateMachine<C, Q, R> actual, List<Q> queries,
                                   String when) {
        List<byte[]> a = answers(expected, queries);
        List<byte[]> b = answers(actual, queries);
        for (int i = 0; i < queries.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                fail(when + ": query " + queries.get(i) + " answered " + expected.query(queries.get(i)) + " and "
                        + actual.query(queries.get(i)));
            }
        }
    }

    @Test
    void theSameCommandsGiveTheSameAnswersOneByOneOrInBatches() {
        for (long seed : seeds()) {
            Run run = new Run(seed);
            StateMachine<C, Q, R> single = newMachine();
            StateMachine<C, Q, R> batched = newMachine();
            assertSameAnswers(single, batched, run.queries, "fresh machines (seed " + seed + ")");
            SplittableRandom sizes = new SplittableRandom(~seed);
            int next = 1;
            while (next <= run.commands.size()) {
                int end = Math.min(run.commands.size(), next + sizes.nextInt(16));
                while (end > next && !run.terms.get(end - 1).equals(run.terms.get(next - 1))) {
                    end--; // a batch never mixes terms
                }
                run.applyBatch(batched, next, end);
                for (int i = next; i <= end; i++) {
                    run.apply(single, i);
                    answers(single, run.queries); // queries in between must not change anything
                }
                assertSameAnswers(single, batched, run.queries, "after command " + end + " (seed " + seed + ")");
                next = end + 1;
            }
        }
    }

    @Test
    void resetReturnsToTheInitialState() {
        for (long seed : seeds()) {
            Run run = new Run(seed);
            StateMachine<C, Q, R> used = newMachine();
            for (int i = 1; i <= run.commands.size(); i++) {
                run.apply(used, i);
            }
            used.reset();
            StateMachine<C, Q, R> fresh = newMachine();
            assertSameAnswers(fresh, used, run.queries, "after reset (seed " + seed + ")");
            for (int i = 1; i <= run.commands.size(); i++) {
                run.apply(used, i);
                run.apply(fresh, i);
            }
            assertSameAnswers(fresh, used, run.queries, "replayed after reset (seed " + seed + ")");
        }
    }

    @Test
    void codecsRoundTripEveryGeneratedCommandQueryAndResult() {
        StateMachine<C, Q, R> m = newMachine();
        for (long seed : seeds()) {
            Run run = new Run(seed);
            for (int i = 1; i <= run.commands.size(); i++) {
                assertRoundTrip(m.commandCodec(), run.commands.get(i - 1), "command");
                run.apply(m, i);
                if (i % 25 == 0) {
                    for (Q q : run.queries) {
                        assertRoundTrip(m.queryCodec(), q, "query");
                        assertRoundTrip(m.resultCodec(), m.query(q), "result");
                    }
                }
            }
        }
    }

    private static <T> void assertRoundTrip(Codec<T> codec, T value, String what) {
        byte[] encoded = codec.encode(value);
        T decoded = codec.decode(encoded);
        assertArrayEquals(encoded, codec.encode(decoded), what + " " + value + " round-trips exactly");
        byte[] framed = new byte[encoded.length + 5];
        System.arraycopy(encoded, 0, framed, 2, encoded.length);
        assertArrayEquals(encoded, codec.encode(codec.decode(framed, 2, encoded.length)),
                what + " " + value + " decodes inside a larger buffer");
    }

    @Test
    void codecsRejectGarbageOnlyWithCodecException() {
        StateMachine<C, Q, R> m = newMachine();
        Run run = new Run(seeds()[0]);
        assertGarbageRejected(m.commandCodec(), run.commands.stream().map(m.commandCodec()::encode).toList(), "command");
        assertGarbageRejected(m.queryCodec(), run.queries.stream().map(m.queryCodec()::encode).toList(), "query");
        assertGarbageRejected(m.resultCodec(), run.queries.stream().map(q -> m.resultCodec().encode(m.query(q))).toList(),
                "result");
        assertGarbageRejected(m.stateSync().messageCodec(), List.of(), "state-sync message");
    }

    /**
     * {@value #GARBAGE_INPUTS} random byte arrays, and as many valid encodings with a byte changed, one
     * added or the end cut: each decodes or throws {@link CodecException}, nothing else; and bounds
     * outside the array are a {@link CodecException} too.
     */
    private static void assertGarbageRejected(Codec<?> codec, List<byte[]> valid, String what) {
        SplittableRandom random = new SplittableRandom(what.hashCode());
        int inputs = valid.isEmpty() ? GARBAGE_INPUTS : 2 * GARBAGE_INPUTS;
        for (int i = 0; i < inputs; i++) {
            byte[] input = i < GARBAGE_INPUTS ? randomBytes(random) : mutate(valid.get(random.nextInt(valid.size())), random);
            try {
                codec.decode(input);
            } catch (CodecException expected) {
                // the only allowed failure
            } catch (RuntimeException e) {
                fail("decoding the " + what + " bytes " + Arrays.toString(input) + " threw " + e, e);
            }
        }
        assertThrows(CodecException.class, () -> codec.decode(new byte[4], 3, 2), what + ": bounds outside the array");
        assertThrows(CodecException.class, () -> codec.decode(new byte[4], -1, 1), what + ": a negative offset");
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutate(byte[] valid, SplittableRandom random) {
        if (valid.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(valid.length);
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] b = valid.clone();
                b[at] = (byte) random.nextInt(256);
                yield b;
            }
            case 1 -> Arrays.copyOf(valid, at);
            default -> {
                byte[] b = Arrays.copyOf(valid, valid.length + 1);
                b[valid.length] = (byte) random.nextInt(256);
                yield b;
            }
        };
    }

    @Test
    void theSignatureIsTheSameOnEveryInstanceAndCall() {
        assertStable(StateMachine::signature, "signature()");
    }

    @Test
    void theStateSyncSignatureIsTheSameOnEveryInstanceAndCall() {
        assertStable(m -> m.stateSync().signature(), "stateSync().signature()");
    }

    private void assertStable(Function<StateMachine<C, Q, R>, Object> signature, String what) {
        StateMachine<C, Q, R> a = newMachine();
        StateMachine<C, Q, R> b = newMachine();
        Object first = signature.apply(a);
        assertEquals(first, signature.apply(a), what + " twice on one machine");
        assertEquals(first, signature.apply(b), what + " on another instance");
        Run run = new Run(seeds()[0]);
        for (int i = 1; i <= run.commands.size(); i++) {
            run.apply(b, i);
        }
        assertEquals(first, signature.apply(b), what + " does not depend on the state");
    }
}
