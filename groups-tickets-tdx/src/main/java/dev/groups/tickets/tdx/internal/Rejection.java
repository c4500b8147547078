package dev.groups.tickets.tdx.internal;

/**
 * Why a quote, ticket or piece of collateral was rejected. Checked, so that every rejection path is
 * visible in signatures; the public API turns it into a verdict and never lets it escape.
 *
 * <p>No stack trace is captured: rejections are expected results (hostile input, fuzzing), not bugs.
 */
public class Rejection extends Exception {
    private static final long serialVersionUID = 1L;

    public Rejection(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
