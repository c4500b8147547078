package dev.groups.tickets.tdx;

import java.io.IOException;

/** No quote can be produced here, typically because this code does not run inside a TDX guest. */
public class QuoteUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public QuoteUnavailableException(String message) {
        super(message);
    }
}
