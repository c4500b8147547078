package dev.groups.raft;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import dev.groups.id.UniqueId;
import dev.groups.log.LogPayload;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.plugin.Plugins;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.Storage;
import dev.groups.storage.StorageProvider;
import dev.groups.storage.StorageSpec;
import dev.groups.tickets.TicketValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Configures a group and joins it (spec §1.4): a typestate builder, so the log can only be chosen once
 * the machine (and so the command type) is known.
 *
 * <pre>
 * withKey(key)
 *   ├── join()                                   NoOp machine, in-memory log
 *   ├── requireTicket(v) / withConsensusConfig(c) (any stage; validators in order)
 *   └── withStateMachine(m)
 *         ├── join()                             in-memory log
 *         └── withLogStorage(store)                 a store opened by the caller
 *             withLogStorage(provider, dir)         or one the runtime opens in dir/&lt;group id&gt;
 *               └── join()
 * </pre>
 *
 * <p>{@code join()} derives the group id from the key, the consensus digest, the machine's and its
 * state sync's signatures and the validators' signatures, in that order; joining an id this node is
 * already in returns another handle to that group. It never blocks on the network.
 */
public final class GroupBuilder {
    private final Settings settings;

    GroupBuilder(Groups groups, GroupKey key) {
        this.settings = new Settings(groups, Objects.requireNonNull(key, "key"));
    }

    public GroupBuilder withConsensusConfig(ConsensusConfig config) {
        settings.config = Objects.requireNonNull(config);
        return this;
    }

    /** Peers must present a ticket this validator accepts (repeatable; all must pass; order matters for the id). */
    public GroupBuilder requireTicket(TicketValidator validator) {
        settings.validators.add(Objects.requireNonNull(validator));
        return this;
    }

    public <C, Q, R> WithMachine<C, Q, R> withStateMachine(StateMachine<C, Q, R> machine) {
        return new WithMachine<>(settings, Objects.requireNonNull(machine));
    }

    /** Joins with the {@link NoOp} machine and an in-memory log. */
    public Group<Unit, Unit, Unit> join() {
        return settings.join(new NoOp(), id -> new InMemoryLogStore<>());
    }

    /** The stage after the machine was chosen. */
    public static final class WithMachine<C, Q, R> {
        private final Settings settings;
        private final StateMachine<C, Q, R> machine;

        private WithMachine(Settings settings, StateMachine<C, Q, R> machine) {
            this.settings = settings;
            this.machine = machine;
        }

        public WithMachine<C, Q, R> withConsensusConfig(ConsensusConfig config) {
            settings.config = Objects.requireNonNull(config);
            return this;
        }

        public WithMachine<C, Q, R> requireTicket(TicketValidator validator) {
            settings.validators.add(Objects.requireNonNull(validator));
            return this;
        }

        /**
         * A log store for this group's entries, opened by the caller; it must be new or this group's.
         * The group closes it when it is left. For a durable store prefer
         * {@link #withLogStorage(StorageProvider, Path)}, which opens it for the derived group id.
         */
        public WithStorage<C, Q, R> withLogStorage(Storage<LogPayload<C>> storage) {
            Objects.requireNonNull(storage, "storage");
            return new WithStorage<>(settings, machine, id -> storage);
        }

        /**
         * A log store that {@code provider} opens at join in {@code directory/<group id in hex>}: one
         * directory per group, so one {@code directory} can hold every group of a node. A restarted node
         * finds its log, term and vote there. The group closes the store when it is left.
         */
        public WithStorage<C, Q, R> withLogStorage(StorageProvider provider, Path directory) {
            return withLogStorage(provider, directory, Map.of());
        }

        /** As {@link #withLogStorage(StorageProvider, Path)}, with provider-defined options (never secrets). */
        public WithStorage<C, Q, R> withLogStorage(StorageProvider provider, Path directory, Map<String, String> options) {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(directory, "directory");
            Map<String, String> copy = Map.copyOf(options);
            return new WithStorage<>(settings, machine, id -> provider.open(
                    new StorageSpec(id, Optional.of(directory.resolve(id.toString())), copy),
                    LogPayload.codec(machine.commandCodec())));
        }

        /**
         * As {@link #withLogStorage(StorageProvider, Path)}, with the provider found by name through
         * {@link ServiceLoader} (e.g. {@code "chronicle"}, from {@code groups-storage-chronicle}).
         *
         * @throws dev.groups.plugin.PluginNotFoundException if no provider has that name
         */
        public WithStorage<C, Q, R> withLogStorage(String provider, Path directory) {
            return withLogStorage(Plugins.select(ServiceLoader.load(StorageProvider.class), "log storage", provider,
                    "groups-storage-chronicle"), directory);
        }

        /** Joins with an in-memory log. */
        public Group<C, Q, R> join() {
            return settings.join(machine, id -> new InMemoryLogStore<>());
        }
    }

    /** The stage after the log was chosen. */
    public static final class WithStorage<C, Q, R> {
        private final Settings settings;
        private final StateMachine<C, Q, R> machine;
        private final Function<GroupId, Storage<LogPayload<C>>> storage;

        private WithStorage(Settings settings, StateMachine<C, Q, R> machine,
                            Function<GroupId, Storage<LogPayload<C>>> storage) {
            this.settings = settings;
            this.machine = machine;
            this.storage = storage;
        }

        public WithStorage<C, Q, R> withConsensusConfig(ConsensusConfig config) {
            settings.config = Objects.requireNonNull(config);
            return this;
        }

        public WithStorage<C, Q, R> requireTicket(TicketValidator validator) {
            settings.validators.add(Objects.requireNonNull(validator));
            return this;
        }

        /**
         * Joins, opening the store if this node is not in the group yet (a second handle to a running
         * group shares its store).
         *
         * @throws dev.groups.storage.StorageException if the store cannot be opened
         */
        public Group<C, Q, R> join() {
            return settings.join(machine, storage);
        }
    }

    private static final class Settings {
        final Groups groups;
        final GroupKey key;
        ConsensusConfig config = ConsensusConfig.defaults();
        final List<TicketValidator> validators = new ArrayList<>();

        Settings(Groups groups, GroupKey key) {
            this.groups = groups;
            this.key = key;
        }

        GroupId groupId(StateMachine<?, ?, ?> machine) {
            List<UniqueId> signatures = new ArrayList<>();
            for (TicketValidator v : validators) {
                signatures.add(v.signature());
            }
            return GroupId.derive(key, config.digest(), machine.signature(), machine.stateSync().signature(), signatures);
        }

        @SuppressWarnings("unchecked")
        <C, Q, R> Group<C, Q, R> join(StateMachine<C, Q, R> machine, Function<GroupId, Storage<LogPayload<C>>> storage) {
            GroupId id = groupId(machine);
            GroupRuntime<?, ?, ?> runtime = groups.joinOrStart(id, () -> new GroupRuntime<>(groups.network(), id, key,
                    config, validators, machine, storage.apply(id)));
            if (runtime.machine.getClass() != machine.getClass()) {
                runtime.release();
                throw new IllegalStateException("group " + id.shortHex() + " is already joined with a "
                        + runtime.machine.getClass().getName() + ", not a " + machine.getClass().getName());
            }
            return new Group<>((GroupRuntime<C, Q, R>) runtime);
        }
    }
}
