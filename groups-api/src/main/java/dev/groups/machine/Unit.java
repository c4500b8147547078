package dev.groups.machine;

/** The type with one value: the command, query or result of a machine that needs none. */
public enum Unit {
    INSTANCE;

    @Override
    public String toString() {
        return "()";
    }
}
