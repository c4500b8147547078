package dev.groups.node;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One group a node joins: {@code NAME:KEYFILE:MACHINE}. The name is local (it labels the group in
 * status and in {@code exec}/{@code query}); the key file holds the shared secret; the machine is a
 * {@link dev.groups.machine.StateMachineProvider} name.
 */
public record GroupSpec(String name, Path keyFile, String machine) {
    public GroupSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(machine, "machine");
    }

    /**
     * Parses {@code NAME:KEYFILE:MACHINE}; the key file path may itself contain colons (the first and
     * the last colon separate the parts).
     *
     * @throws ConfigException saying what is expected
     */
    public static GroupSpec parse(String text) {
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first <= 0 || last == first || last == text.length() - 1 || last - first < 2) {
            throw new ConfigException("bad --group '" + text + "': expected NAME:KEYFILE:MACHINE, e.g. demo:demo.key:counter");
        }
        String name = text.substring(0, first);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException("bad --group '" + text + "': the name may use letters, digits, '.', '_' and '-'");
        }
        return new GroupSpec(name, Path.of(text.substring(first + 1, last)), text.substring(last + 1));
    }

    @Override
    public String toString() {
        return name + ":" + keyFile + ":" + machine;
    }
}
