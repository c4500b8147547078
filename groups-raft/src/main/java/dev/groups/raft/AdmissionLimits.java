package dev.groups.raft;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a node keeps against peers it does not trust yet (README, "Security"): how many failed
 * proofs it tolerates, how much of other peers' discovery data it holds and serves, and how eagerly
 * it dials addresses it read in the catalog. Immutable; {@link #defaults()} suits a network of up to a
 * few thousand nodes.
 *
 * @param failedProofsAllowed     failed bond proofs tolerated from one address or one identity within
 *                                {@code failedProofPenalty}; the next Hello is refused ({@code NOT_ALLOWED})
 *                                until the penalty has passed
 * @param failedProofPenalty      the window in which failures count, and how long a limited peer waits
 * @param failedProofTableSize    how many addresses and identities the failure table remembers (the
 *                                least recently seen are forgotten first, so the table stays bounded)
 * @param maxCatalogEntries       the most peer entries the catalog holds
 * @param maxCatalogBytes         the most encoded bytes of peer entries the catalog holds
 * @param maxEntryBytes           the largest encoded entry accepted from any peer
 * @param maxTicketsPerEntry      the most tickets an accepted entry may carry
 * @param catalogPageBytes        the most entry bytes in one catalog frame: a catalog goes out in pages
 * @param dialBurstPerAddress     dials to one catalog address allowed back to back (a token bucket)
 * @param dialRefillPerAddress    how often one more dial to the same address is earned
 * @param dialBurstGlobal         dials to catalog addresses allowed back to back, all addresses together
 * @param dialRefillGlobal        how often one more dial is earned, all addresses together
 * @param dialBackoffMax          the longest wait after repeated failed dials to an address (doubling from 1 s)
 * @param failedHandshakeBlock    how long an address whose peer failed to prove the group key is not dialed
 */
public record AdmissionLimits(int failedProofsAllowed, Duration failedProofPenalty, int failedProofTableSize,
                              int maxCatalogEntries, long maxCatalogBytes, int maxEntryBytes, int maxTicketsPerEntry,
                              int catalogPageBytes, int dialBurstPerAddress, Duration dialRefillPerAddress,
                              int dialBurstGlobal, Duration dialRefillGlobal, Duration dialBackoffMax,
                              Duration failedHandshakeBlock) {
    /** The transport's frame limit (16 MiB) with room for the frame's header: no page may reach it. */
    public static final int MAX_PAGE_BYTES = 8 * 1024 * 1024;

    public AdmissionLimits {
        positive("failedProofsAllowed", failedProofsAllowed);
        positive("failedProofPenalty", failedProofPenalty);
        positive("failedProofTableSize", failedProofTableSize);
        positive("maxCatalogEntries", maxCatalogEntries);
        positive("maxCatalogBytes", maxCatalogBytes);
        positive("maxEntryBytes", maxEntryBytes);
        if (maxTicketsPerEntry < 0) {
            throw new IllegalArgumentException("maxTicketsPerEntry must be >= 0, got " + maxTicketsPerEntry);
        }
        if (catalogPageBytes < maxEntryBytes || catalogPageBytes > MAX_PAGE_BYTES) {
            throw new IllegalArgumentException("catalogPageBytes must be between maxEntryBytes (" + maxEntryBytes
                    + ") and " + MAX_PAGE_BYTES + ", got " + catalogPageBytes);
        }
        positive("dialBurstPerAddress", dialBurstPerAddress);
        positive("dialRefillPerAddress", dialRefillPerAddress);
        positive("dialBurstGlobal", dialBurstGlobal);
        positive("dialRefillGlobal", dialRefillGlobal);
        positive("dialBackoffMax", dialBackoffMax);
        positive("failedHandshakeBlock", failedHandshakeBlock);
    }

    public static AdmissionLimits defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Builds {@link AdmissionLimits}; every setting starts at its default. */
    public static final class Builder {
        private int failedProofsAllowed = 3;
        private Duration failedProofPenalty = Duration.ofSeconds(60);
        private int failedProofTableSize = 4096;
        private int maxCatalogEntries = 4096;
        private long maxCatalogBytes = 16L * 1024 * 1024;
        private int maxEntryBytes = 128 * 1024;
        private int maxTicketsPerEntry = 16;
        private int catalogPageBytes = 1024 * 1024;
        private int dialBurstPerAddress = 4;
        private Duration dialRefillPerAddress = Duration.ofSeconds(5);
        private int dialBurstGlobal = 64;
        private Duration dialRefillGlobal = Duration.ofMillis(50);
        private Duration dialBackoffMax = Duration.ofSeconds(30);
        private Duration failedHandshakeBlock = Duration.ofHours(1);

        private Builder() {}

        /** Default 3 failures per {@link #failedProofPenalty} (60 s), per address and per identity. */
        public Builder failedProofs(int allowed, Duration penalty) {
            this.failedProofsAllowed = allowed;
            this.failedProofPenalty = penalty;
            return this;
        }

        /** Default 4096 addresses and identities. */
        public Builder failedProofTableSize(int size) {
            this.failedProofTableSize = size;
            return this;
        }

        /** Default 4096 entries and 16 MiB. */
        public Builder catalogCaps(int maxEntries, long maxBytes) {
            this.maxCatalogEntries = maxEntries;
            this.maxCatalogBytes = maxBytes;
            return this;
        }

        /** Default 128 KiB and 16 tickets per entry. */
        public Builder entryCaps(int maxBytes, int maxTickets) {
            this.maxEntryBytes = maxBytes;
            this.maxTicketsPerEntry = maxTickets;
            return this;
        }

        /** Default 1 MiB. */
        public Builder catalogPageBytes(int bytes) {
            this.catalogPageBytes = bytes;
            return this;
        }

        /** Default a burst of 4, then one per 5 s, per address. */
        public Builder dialBudgetPerAddress(int burst, Duration refill) {
            this.dialBurstPerAddress = burst;
            this.dialRefillPerAddress = refill;
            return this;
        }

        /** Default a burst of 64, then one per 50 ms, all addresses together. */
        public Builder dialBudgetGlobal(int burst, Duration refill) {
            this.dialBurstGlobal = burst;
            this.dialRefillGlobal = refill;
            return this;
        }

        /** Default 30 s: long enough to make a dead address cheap, short enough for an honest peer that restarts. */
        public Builder dialBackoffMax(Duration max) {
            this.dialBackoffMax = max;
            return this;
        }

        /** Default 1 hour. */
        public Builder failedHandshakeBlock(Duration block) {
            this.failedHandshakeBlock = block;
            return this;
        }

        public AdmissionLimits build() {
            return new AdmissionLimits(failedProofsAllowed, failedProofPenalty, failedProofTableSize,
                    maxCatalogEntries, maxCatalogBytes, maxEntryBytes, maxTicketsPerEntry, catalogPageBytes,
                    dialBurstPerAddress, dialRefillPerAddress, dialBurstGlobal, dialRefillGlobal, dialBackoffMax,
                    failedHandshakeBlock);
        }
    }
}
