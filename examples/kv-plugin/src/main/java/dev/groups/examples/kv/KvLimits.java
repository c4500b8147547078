package dev.groups.examples.kv;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The largest key and value a {@link KvMachine} accepts, in UTF-8 bytes. The codecs enforce them: a
 * command over the limits cannot be encoded (it fails in the caller, before it reaches the log), and
 * bytes that claim a larger size are rejected before anything is allocated for them.
 *
 * <p>Both are part of the machine's signature, and so of the group id: members with different limits
 * could not decode each other's entries, so they must not be in one group.
 *
 * <p>The caps keep one command under 28 KiB. The runtime sends up to 512 log entries in one
 * AppendEntries and one message may be at most 16 MiB; 512 entries of 28 KiB stay under that.
 *
 * @param maxKeyBytes   1 to {@value #KEY_CAP} (default {@value #DEFAULT_KEY_BYTES})
 * @param maxValueBytes 0 to {@value #VALUE_CAP} (default {@value #DEFAULT_VALUE_BYTES})
 */
public record KvLimits(int maxKeyBytes, int maxValueBytes) {
    public static final int DEFAULT_KEY_BYTES = 1024;
    public static final int DEFAULT_VALUE_BYTES = 16 * 1024;
    public static final int KEY_CAP = 4 * 1024;
    public static final int VALUE_CAP = 24 * 1024;

    /** The setting names {@link #fromSettings} understands. */
    public static final String MAX_KEY_BYTES = "max-key-bytes";
    public static final String MAX_VALUE_BYTES = "max-value-bytes";
    private static final Set<String> SETTINGS = Set.of(MAX_KEY_BYTES, MAX_VALUE_BYTES);

    public static final KvLimits DEFAULTS = new KvLimits(DEFAULT_KEY_BYTES, DEFAULT_VALUE_BYTES);

    public KvLimits {
        if (maxKeyBytes < 1 || maxKeyBytes > KEY_CAP) {
            throw new IllegalArgumentException(MAX_KEY_BYTES + " must be in 1.." + KEY_CAP + ", got " + maxKeyBytes);
        }
        if (maxValueBytes < 0 || maxValueBytes > VALUE_CAP) {
            throw new IllegalArgumentException(MAX_VALUE_BYTES + " must be in 0.." + VALUE_CAP + ", got " + maxValueBytes);
        }
    }

    /**
     * The limits a provider's settings ask for; missing settings keep their defaults.
     *
     * @throws IllegalArgumentException naming the setting when one is unknown or its value is invalid
     */
    public static KvLimits fromSettings(Map<String, String> settings) {
        for (String key : new TreeMap<>(settings).keySet()) {
            if (!SETTINGS.contains(key)) {
                throw new IllegalArgumentException("unknown setting \"" + key + "\" for the \"kv\" state machine; known: "
                        + MAX_KEY_BYTES + ", " + MAX_VALUE_BYTES);
            }
        }
        return new KvLimits(intSetting(settings, MAX_KEY_BYTES, DEFAULT_KEY_BYTES),
                intSetting(settings, MAX_VALUE_BYTES, DEFAULT_VALUE_BYTES));
    }

    private static int intSetting(Map<String, String> settings, String name, int otherwise) {
        String value = settings.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of bytes, got \"" + value + "\"", e);
        }
    }
}
