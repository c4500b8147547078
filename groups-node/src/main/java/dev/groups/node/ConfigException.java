package dev.groups.node;

/**
 * A mistake in how the node was started (a missing key file, a port in use, an unknown machine, a
 * bad address): {@link Main} prints the message as one line and exits with status 2, never a stack
 * trace. The message names what is wrong and, where it can, what to do.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
