package dev.groups.tickets.jwt.internal;

/**
 * Why a token was rejected. Checked, so that every rejection path shows in signatures; the validator
 * turns it into an {@code InvalidTicket} and never lets it escape.
 *
 * <p>No stack trace is captured: rejections are expected results (hostile input, fuzzing), not bugs.
 */
public final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;

    public Rejection(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
