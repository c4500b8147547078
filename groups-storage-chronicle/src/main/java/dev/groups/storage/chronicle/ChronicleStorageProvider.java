package dev.groups.storage.chronicle;

import com.google.auto.service.AutoService;
import dev.groups.machine.Codec;
import dev.groups.storage.Storage;
import dev.groups.storage.StorageProvider;
import dev.groups.storage.StorageSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;

/**
 * Provides {@link ChronicleLogStore}s under the name {@value #NAME}. The spec must name a directory.
 *
 * <p>Option {@value #ROLL_CYCLE}: a {@link RollCycles} constant (default {@code FAST_HOURLY}) or one of
 * Chronicle's legacy {@code MINUTELY}, {@code HOURLY}, {@code DAILY}: the period of one queue file and so
 * the granularity at which compaction frees disk (it deletes whole files). It applies when the queue is
 * created; an existing queue keeps the cycle it was created with.
 */
@AutoService(StorageProvider.class)
public final class ChronicleStorageProvider implements StorageProvider {
    public static final String NAME = "chronicle";
    public static final String ROLL_CYCLE = "rollCycle";
    private static final Set<String> OPTIONS = Set.of(ROLL_CYCLE);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String module() {
        return "groups-storage-chronicle";
    }

    @Override
    public <C> Storage<C> open(StorageSpec spec, Codec<C> codec) {
        Path dir = spec.directory().orElseThrow(() -> new IllegalArgumentException(
                "the \"chronicle\" log store needs a directory (StorageSpec.at(groupId, dir))"));
        return ChronicleLogStore.open(dir, spec.groupId(), codec, rollCycle(spec.options()), null);
    }

    private static RollCycle rollCycle(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option \"" + key + "\" for the \"chronicle\" log store; known: " + OPTIONS);
            }
        }
        String name = options.get(ROLL_CYCLE);
        if (name == null) {
            return ChronicleLogStore.DEFAULT_ROLL_CYCLE;
        }
        try {
            return RollCycles.valueOf(name);
        } catch (IllegalArgumentException e) {
            try {
                return LegacyRollCycles.valueOf(name); // MINUTELY: files small enough to free disk minute by minute
            } catch (IllegalArgumentException legacy) {
                throw new IllegalArgumentException("option " + ROLL_CYCLE + "=" + name + " is not one of "
                        + Arrays.toString(RollCycles.values()) + " or " + Arrays.toString(LegacyRollCycles.values()), e);
            }
        }
    }
}
