package dev.groups.testkit.linearizability;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A map from {@code String} keys to {@code long} values, initially empty, with get, put, delete and
 * compare-and-set. The state is an immutable {@code Map} of the present keys.
 *
 * <p>Histories are partitioned by key: every {@link KvInput} touches one key, so the history is
 * linearizable iff each key's sub-history is, and each partition's state holds at most one entry.
 * The model is also correct when given several keys at once (it just checks more slowly).
 *
 * <p>An output of the wrong kind (for example an acknowledgement for a get) is treated as an
 * impossible output, so it shows up as a violation naming that operation.
 */
public final class KeyValueModel implements Model<Map<String, Long>, KvInput, KvOutput> {

    @Override
    public Map<String, Long> init() {
        return Map.of();
    }

    @Override
    public Optional<Map<String, Long>> step(Map<String, Long> state, KvInput input, Optional<KvOutput> output) {
        Objects.requireNonNull(state, "state");
        Long current = state.get(input.key());
        if (input instanceof KvInput.Get) {
            KvOutput expected = current == null ? new KvOutput.Absent() : new KvOutput.Value(current);
            return accept(output, expected, state);
        }
        if (input instanceof KvInput.Put put) {
            return accept(output, new KvOutput.Ack(), with(state, put.key(), put.value()));
        }
        if (input instanceof KvInput.Delete delete) {
            return accept(output, new KvOutput.Ack(), with(state, delete.key(), null));
        }
        if (input instanceof KvInput.Cas cas) {
            boolean swapped = current != null && current == cas.expected();
            Map<String, Long> next = swapped ? with(state, cas.key(), cas.update()) : state;
            return accept(output, new KvOutput.CasResult(swapped), next);
        }
        throw new IllegalArgumentException("unsupported key-value input: " + input);
    }

    private static Optional<Map<String, Long>> accept(
            Optional<KvOutput> observed, KvOutput expected, Map<String, Long> next) {
        return observed.isEmpty() || observed.get().equals(expected) ? Optional.of(next) : Optional.empty();
    }

    /** A copy of {@code state} with {@code key} set to {@code value}, or removed if {@code value} is null. */
    private static Map<String, Long> with(Map<String, Long> state, String key, Long value) {
        Map<String, Long> next = new HashMap<>(state);
        if (value == null) {
            next.remove(key);
        } else {
            next.put(key, value);
        }
        return Map.copyOf(next);
    }

    @Override
    public boolean isReadOnly(KvInput input) {
        return input instanceof KvInput.Get;
    }

    @Override
    public String partitionKey(KvInput input) {
        return input.key();
    }

    @Override
    public String describe(KvInput input, Optional<KvOutput> output) {
        return input + " -> " + output.map(KvOutput::toString).orElse("?");
    }

    @Override
    public String describeState(Map<String, Long> state) {
        return state.isEmpty() ? "{} (no key present)" : new TreeMap<>(state).toString();
    }

    @Override
    public String toString() {
        return "KeyValueModel";
    }
}
