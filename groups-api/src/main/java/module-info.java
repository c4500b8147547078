/**
 * The values and service-provider interfaces of consensus groups. No dependency outside the JDK:
 * plugin authors (state machines, log stores, ticket validators, transports) depend on this module
 * alone.
 */
module dev.groups.api {
    exports dev.groups.consensus;
    exports dev.groups.id;
    exports dev.groups.log;
    exports dev.groups.machine;
    exports dev.groups.metrics;
    exports dev.groups.plugin;
    exports dev.groups.storage;
    exports dev.groups.sync;
    exports dev.groups.sync.replay;
    exports dev.groups.tickets;
    exports dev.groups.transport;

    // Plugins.select works with a loader made by any module; these let this module make them too.
    uses dev.groups.machine.StateMachineProvider;
    uses dev.groups.storage.StorageProvider;
    uses dev.groups.tickets.TicketValidatorProvider;
    uses dev.groups.transport.TransportProvider;

    provides dev.groups.storage.StorageProvider with dev.groups.storage.InMemoryStorageProvider;
}
