package dev.groups.testkit.contract;

import dev.groups.id.Digest;
import dev.groups.id.UniqueId;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketValidator;
import dev.groups.tickets.TicketVerdict;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small validator for tests: a ticket is {@code expiry(8, epoch millis, big-endian) ‖
 * HMAC-SHA256(key, class ‖ peer ‖ network ‖ expiry)}, so it binds the holder and its network and
 * expires. Immutable and thread-safe (a {@link Mac} is made per call).
 */
final class HmacTicketValidator implements TicketValidator {
    static final UniqueId CLASS = UniqueId.of("groups.testkit.hmac-ticket.v1");
    private static final int MAC_LENGTH = 32;
    private static final int LENGTH = Long.BYTES + MAC_LENGTH;

    private final byte[] key;

    HmacTicketValidator(byte[] key) {
        this.key = key.clone();
    }

    /** A ticket for {@code holder} valid until {@code expiry}. */
    Ticket issue(TicketHolder holder, Instant expiry) {
        byte[] expiryBytes = ByteBuffer.allocate(Long.BYTES).putLong(expiry.toEpochMilli()).array();
        return new Ticket(CLASS, ByteBuffer.allocate(LENGTH).put(expiryBytes).put(mac(holder, expiryBytes)).array());
    }

    @Override
    public UniqueId ticketClass() {
        return CLASS;
    }

    /** The kind and a hash of the key (never the key itself). */
    @Override
    public UniqueId signature() {
        return CLASS.derive(Digest.hash(key).toBytes());
    }

    @Override
    public TicketVerdict validate(Ticket ticket, TicketHolder holder, Instant now) {
        if (!CLASS.equals(ticket.ticketClass())) {
            return TicketVerdict.invalid("not an HMAC ticket");
        }
        byte[] data = ticket.data();
        if (data.length != LENGTH) {
            return TicketVerdict.invalid("an HMAC ticket is " + LENGTH + " bytes, got " + data.length);
        }
        byte[] expiryBytes = new byte[Long.BYTES];
        byte[] presented = new byte[MAC_LENGTH];
        ByteBuffer.wrap(data).get(expiryBytes).get(presented);
        if (!MessageDigest.isEqual(presented, mac(holder, expiryBytes))) {
            return TicketVerdict.invalid("the MAC does not match this holder");
        }
        Expiration expiration = Expiration.at(Instant.ofEpochMilli(ByteBuffer.wrap(expiryBytes).getLong()));
        if (expiration.isExpiredAt(now)) {
            return TicketVerdict.invalid("expired at " + expiration);
        }
        return TicketVerdict.valid(expiration);
    }

    private byte[] mac(TicketHolder holder, byte[] expiryBytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(CLASS.digest().toBytes());
            mac.update(holder.peerId().toBytes());
            mac.update(holder.networkId().digest().toBytes());
            return mac.doFinal(expiryBytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }
}
