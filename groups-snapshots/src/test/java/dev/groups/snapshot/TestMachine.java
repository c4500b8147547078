package dev.groups.snapshot;

import dev.groups.machine.CodecException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;

/** A sorted map from names to numbers that streams its state: the machine of this module's tests. */
public final class TestMachine implements Snapshottable {
    private TreeMap<String, Long> map = new TreeMap<>();

    public void put(String key, long value) {
        map.put(key, value);
    }

    public Map<String, Long> contents() {
        return new TreeMap<>(map);
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(map.size());
        for (Map.Entry<String, Long> e : map.entrySet()) {
            data.writeUTF(e.getKey());
            data.writeLong(e.getValue());
        }
        data.flush();
    }

    @Override
    public void restoreSnapshot(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        TreeMap<String, Long> next = new TreeMap<>();
        try {
            int n = data.readInt();
            if (n < 0) {
                throw new CodecException("a negative entry count");
            }
            for (int i = 0; i < n; i++) {
                next.put(data.readUTF(), data.readLong());
            }
        } catch (EOFException e) {
            throw new CodecException("a truncated test snapshot", e);
        }
        map = next; // atomic: the old state stays until the whole new one is read
    }
}
