package dev.groups.tickets;

import dev.groups.plugin.NamedProvider;
import java.util.Map;

/**
 * Builds {@link TicketValidator}s of one kind by name (for example {@code "jwt"}), for a node
 * configured from files or the command line. Found through {@link java.util.ServiceLoader}.
 *
 * <p>{@link #create} runs on the caller's thread and may read key files; it is not on a hot path.
 */
public interface TicketValidatorProvider extends NamedProvider {
    /**
     * A validator with the given policy (provider-defined keys).
     *
     * @throws IllegalArgumentException naming the setting when one is missing or invalid
     */
    TicketValidator create(Map<String, String> settings);
}
