package dev.groups.node.internal;

import dev.groups.node.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's options: {@code --name value} or {@code --name=value}, repeatable where the command
 * says so, plus flags ({@code --json}) and positional words. Unknown options are configuration errors.
 */
public final class Args {
    private final String command;
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args(String command) {
        this.command = command;
    }

    /**
     * @param withValue options that take a value
     * @param flags     options that take none
     */
    public static Args parse(String command, List<String> args, Set<String> withValue, Set<String> flags) {
        Args a = new Args(command);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                a.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new ConfigException("--" + name + " takes no value");
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (withValue.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new ConfigException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new ConfigException("unknown option --" + name + " for '" + command + "' (try: groups help)");
            }
        }
        return a;
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public Optional<String> one(String name) {
        List<String> v = all(name);
        if (v.size() > 1) {
            throw new ConfigException("--" + name + " is given " + v.size() + " times; give it once");
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public String required(String name) {
        return one(name).orElseThrow(() -> new ConfigException("'" + command + "' needs --" + name));
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    public List<String> positional() {
        return positional;
    }

    public int intValue(String name, int defaultValue, int min, int max) {
        Optional<String> v = one(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigException("--" + name + " must be a whole number in " + min + ".." + max + ", got '" + v.get() + "'");
    }
}
