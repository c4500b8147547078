/**
 * An example state-machine plugin: a replicated key-value store ({@link dev.groups.examples.kv.KvMachine}),
 * made by name ({@code "kv"}) through {@link dev.groups.machine.StateMachineProvider}. It needs
 * {@code dev.groups.api} and nothing else at run time.
 */
module dev.groups.examples.kv {
    requires transitive dev.groups.api;
    requires static com.google.auto.service;

    exports dev.groups.examples.kv;

    provides dev.groups.machine.StateMachineProvider with dev.groups.examples.kv.KvProvider;
}
