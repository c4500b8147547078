package dev.groups.benchmarks.cluster;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** The settings a run used, printed with its result ({@code k=v;k=v}) so anyone can challenge them. */
public final class Settings {
    private final Map<String, Object> values = new LinkedHashMap<>();

    public Settings put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** Adds what the JVM saw: processors, heap, version. */
    public Settings jvm() {
        put("jvm_cpus", Runtime.getRuntime().availableProcessors());
        put("jvm_max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        put("java", System.getProperty("java.version"));
        put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
                .replace(';', ',').replace('"', '\''));
        return this;
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(";");
        values.forEach((k, v) -> j.add(k + "=" + String.valueOf(v).replace(';', ',')));
        return j.toString();
    }
}
