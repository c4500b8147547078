package dev.groups.storage.chronicle;

import dev.groups.id.GroupId;
import dev.groups.machine.Codecs;
import dev.groups.storage.Storage;
import dev.groups.testkit.contract.StorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The testkit's storage contract, every case also across a real close and reopen of the directory. */
class ChronicleStorageContractTest extends StorageContract {
    static final GroupId GROUP = GroupId.fromHex("11".repeat(32));

    @TempDir
    Path dir;

    @Override
    protected Storage<String> open() {
        return ChronicleLogStore.open(dir, GROUP, Codecs.utf8());
    }

    @Override
    protected Storage<String> reopen(Storage<String> store) {
        store.close();
        return open();
    }
}
