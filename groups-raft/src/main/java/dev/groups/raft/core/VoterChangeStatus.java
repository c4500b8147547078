package dev.groups.raft.core;

/** How a voter change ended (strict mode). */
public enum VoterChangeStatus {
    /** The configuration entry committed: the change is in force. */
    CHANGED,
    /** Refused as asked (dynamic mode, the last voter, another change running, ...): nothing changed. */
    REFUSED,
    /** No leader could take it, or the new voter did not catch up in time: nothing changed; safe to retry. */
    OFFLINE,
    /** The entry was appended but leadership was lost before it committed: it may or may not take effect. */
    UNKNOWN
}
