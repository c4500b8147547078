package dev.groups.plugin;

import java.util.List;

/** No plugin of the wanted name is on the class path or module path; the message says what to add. */
public class PluginNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginNotFoundException(String kind, String name, List<String> available, String moduleHint) {
        super(message(kind, name, available, moduleHint));
    }

    /** A message of the caller's own, for lookups that are not by one name; it must say what to add. */
    public PluginNotFoundException(String message) {
        super(message);
    }

    private static String message(String kind, String name, List<String> available, String moduleHint) {
        StringBuilder sb = new StringBuilder("no ").append(kind).append(" provider called \"").append(name).append('"');
        sb.append(available.isEmpty() ? "; none is installed" : "; installed: " + String.join(", ", available));
        if (moduleHint != null && !moduleHint.isBlank()) {
            sb.append(". Add the dependency dev.groups:").append(moduleHint).append(" to your project");
        }
        return sb.toString();
    }
}
