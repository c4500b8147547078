package dev.groups.tickets.tdx.internal;

/**
 * The bytes are not a well-formed TDX quote (or ticket): a length or offset is out of bounds, a field
 * has an unsupported value, or bytes are left over where the format allows none. The only exception
 * the parsers throw for any input.
 */
public final class MalformedQuoteException extends Rejection {
    private static final long serialVersionUID = 1L;

    public MalformedQuoteException(String reason) {
        super(reason);
    }
}
