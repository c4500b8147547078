package dev.groups.raft;

import java.util.List;

/**
 * Why a group operation failed; every {@code CompletableFuture} of {@link Group} fails with one of
 * these (spec §1.7, plus the outcomes this project adds: superseded and unknown).
 */
public abstract sealed class GroupException extends RuntimeException
        permits GroupException.Offline, GroupException.NoCommands, GroupException.GroupTerminated,
        GroupException.Encoding, GroupException.Superseded, GroupException.OutcomeUnknown,
        GroupException.Refused {
    private static final long serialVersionUID = 1L;

    GroupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No leader was reachable: nothing was sent. {@link #unsent()} holds the commands (or the query), safe to retry. */
    public static final class Offline extends GroupException {
        private static final long serialVersionUID = 1L;
        private final transient List<?> unsent;

        Offline(String message, List<?> unsent) {
            super(message, null);
            this.unsent = List.copyOf(unsent);
        }

        /** The commands (or the single query) that were not sent, in order. */
        public List<?> unsent() {
            return unsent;
        }
    }

    /** {@code feedMany}/{@code executeMany} was given no commands. */
    public static final class NoCommands extends GroupException {
        private static final long serialVersionUID = 1L;

        NoCommands() {
            super("no commands", null);
        }
    }

    /** The group was left or the network closed. */
    public static final class GroupTerminated extends GroupException {
        private static final long serialVersionUID = 1L;

        GroupTerminated(String message) {
            super(message, null);
        }

        /** The group stopped because {@code cause} failed on its thread (the machine or the log). */
        GroupTerminated(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A command or query could not be encoded with the machine's codec: nothing was sent. */
    public static final class Encoding extends GroupException {
        private static final long serialVersionUID = 1L;

        Encoding(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The commands were appended, then replaced by another leader's entries: they will never apply. */
    public static final class Superseded extends GroupException {
        private static final long serialVersionUID = 1L;

        Superseded(String message) {
            super(message, null);
        }
    }

    /** The commands were sent but no answer came: they may or may not be applied. */
    public static final class OutcomeUnknown extends GroupException {
        private static final long serialVersionUID = 1L;

        OutcomeUnknown(String message) {
            super(message, null);
        }
    }

    /**
     * The request was refused as asked and nothing changed (a voter change in dynamic mode, removing the
     * last voter, a second change while one runs); the message says why. Retrying it unchanged fails again
     * unless the group's state changes first.
     */
    public static final class Refused extends GroupException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null);
        }
    }
}
