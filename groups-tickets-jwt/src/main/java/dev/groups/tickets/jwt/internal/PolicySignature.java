package dev.groups.tickets.jwt.internal;

import dev.groups.id.UniqueId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The validator's {@code signature()} (spec §7.3), with this project's SHA-256 {@code derive}:
 * <pre>
 * sig = CLASS                                   # UniqueId.of("groups.tickets.jwt.v1")
 * for key in keys (sorted by alg name, then fingerprint bytes):
 *     sig = derive(derive(sig, utf8(alg)), fingerprint)
 * sig = derive(sig, [1] if allowNonExpiring else [0])
 * sig = derive(sig, utf8(join(",", issuers sorted by UTF-8 bytes)))
 * sig = derive(sig, utf8(join(",", audiences sorted by UTF-8 bytes)))
 * sig = derive(sig, utf8(subject or ""))
 * sig = derive(sig, u64_le(maxLifetime seconds or 0))
 * sig = derive(sig, u64_le(maxAge seconds or 0))
 * if clockSkew > 0:                             # not in the spec: only when configured
 *     sig = derive(derive(sig, "clock-skew"), u64_le(clockSkew seconds))
 * for (name, value) in required claims (sorted by UTF-8 bytes of name):
 *     sig = derive(derive(sig, utf8(name)), utf8(canonical compact JSON of value))
 * </pre>
 * The builder rules out the ambiguities of the spec's form: issuers and audiences cannot contain
 * commas or be empty, the subject cannot be empty, durations are positive. The clock-skew step cannot
 * be confused with a claim step: its 8 bytes always contain a zero byte, which compact JSON never does.
 */
public final class PolicySignature {
    private PolicySignature() {}

    public static UniqueId of(UniqueId ticketClass, Policy policy) {
        UniqueId sig = ticketClass;
        for (VerificationKey key : policy.keys()) {
            sig = sig.derive(key.algorithm()).derive(key.fingerprint());
        }
        sig = sig.derive(new byte[] {(byte) (policy.allowNonExpiring() ? 1 : 0)});
        sig = sig.derive(String.join(",", policy.issuers()));
        sig = sig.derive(String.join(",", policy.audiences()));
        sig = sig.derive(policy.subject().orElse(""));
        sig = sig.derive(u64(policy.maxLifetime()));
        sig = sig.derive(u64(policy.maxAge()));
        if (!policy.clockSkew().isZero()) {
            sig = sig.derive("clock-skew").derive(u64(Optional.of(policy.clockSkew())));
        }
        for (Map.Entry<String, Object> claim : policy.requiredClaims().entrySet()) {
            sig = sig.derive(claim.getKey()).derive(JsonValues.write(claim.getValue()));
        }
        return sig;
    }

    private static byte[] u64(Optional<Duration> d) {
        return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(d.map(Duration::getSeconds).orElse(0L)).array();
    }
}
