package dev.groups.examples.kv;

import com.google.auto.service.AutoService;
import dev.groups.machine.StateMachineProvider;
import java.util.Map;

/**
 * Makes {@link KvMachine}s by the name {@value #NAME}, for applications and the node daemon that pick
 * their machine by name. Found with {@link java.util.ServiceLoader}: {@code @AutoService} writes
 * {@code META-INF/services/dev.groups.machine.StateMachineProvider} for the class path, and
 * {@code module-info} declares the same for the module path.
 *
 * <p>Settings (all optional; an unknown one is an error):
 * <ul>
 *   <li>{@value KvLimits#MAX_KEY_BYTES}: the largest key in UTF-8 bytes, 1 to {@value KvLimits#KEY_CAP}
 *       (default {@value KvLimits#DEFAULT_KEY_BYTES});</li>
 *   <li>{@value KvLimits#MAX_VALUE_BYTES}: the largest value in UTF-8 bytes, 0 to {@value KvLimits#VALUE_CAP}
 *       (default {@value KvLimits#DEFAULT_VALUE_BYTES}).</li>
 * </ul>
 * Both are part of the group id: every member of a group must use the same values.
 */
@AutoService(StateMachineProvider.class)
@SuppressWarnings("exports") // AutoService is a compile-time annotation (requires static); users never see it
public final class KvProvider implements StateMachineProvider {
    public static final String NAME = "kv";

    /** ServiceLoader's public no-argument constructor; does nothing. */
    public KvProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    /** The artifactId to add when "kv" is missing (the default would give the JPMS module name). */
    @Override
    public String module() {
        return "kv-plugin";
    }

    /**
     * A new, empty machine with the limits {@code settings} ask for.
     *
     * @throws IllegalArgumentException naming the setting when one is unknown or invalid
     */
    @Override
    public KvMachine create(Map<String, String> settings) {
        return new KvMachine(KvLimits.fromSettings(settings));
    }
}
