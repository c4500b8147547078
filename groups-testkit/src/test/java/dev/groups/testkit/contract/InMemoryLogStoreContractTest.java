package dev.groups.testkit.contract;

import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.Storage;

/** The reference store passes the contract it defines. */
class InMemoryLogStoreContractTest extends StorageContract {
    @Override
    protected Storage<String> open() {
        return new InMemoryLogStore<>();
    }
}
