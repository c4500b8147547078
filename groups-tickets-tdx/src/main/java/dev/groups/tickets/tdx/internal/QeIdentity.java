package dev.groups.tickets.tdx.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Intel's identity of the TD Quoting Enclave ({@code "enclaveIdentity"}, id {@code "TD_QE"}, version 2):
 * who must have signed the QE, with which attributes, and the status of each QE ISVSVN.
 */
public record QeIdentity(Instant issueDate, Instant nextUpdate, byte[] miscSelect, byte[] miscSelectMask,
                         byte[] attributes, byte[] attributesMask, byte[] mrSigner, int isvProdId,
                         List<Level> tcbLevels) {

    public record Level(int isvSvn, String status) {}

    public static QeIdentity parse(JsonFields identity) {
        String id = identity.string("id");
        long version = identity.integer("version", 0, Integer.MAX_VALUE);
        if (!"TD_QE".equals(id) || version != 2) {
            throw new IllegalArgumentException("QE identity is id " + id + " version " + version
                    + "; the TD_QE identity of version 2 is needed for TDX");
        }
        List<Level> levels = new ArrayList<>();
        for (Object o : identity.array("tcbLevels")) {
            JsonFields level = JsonFields.of(o, identity.path() + ".tcbLevels[]");
            levels.add(new Level((int) level.object("tcb").integer("isvsvn", 0, 0xffff), level.string("tcbStatus")));
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("QE identity has no TCB levels");
        }
        return new QeIdentity(identity.instant("issueDate"), identity.instant("nextUpdate"),
                identity.hex("miscselect", 4), identity.hex("miscselectMask", 4), identity.hex("attributes", 16),
                identity.hex("attributesMask", 16), identity.hex("mrsigner", 32),
                (int) identity.integer("isvprodid", 0, 0xffff), List.copyOf(levels));
    }
}
