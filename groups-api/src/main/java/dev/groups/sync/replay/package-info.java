/**
 * Building blocks for a {@link dev.groups.sync.StateSync} that catches a lagging member up by fetching
 * log entries from its bonded peers, as the built-in {@link dev.groups.sync.LogReplaySync} does and as
 * {@code groups-snapshots}' {@code SnapshotSync} does after installing a snapshot. Each is a part of
 * that protocol with its rules in one place, so that a sync written elsewhere gets them right by using
 * it rather than by copying it:
 * <ul>
 *   <li>{@link dev.groups.sync.replay.CatchUpTarget}: where the session must bring the log, and the
 *       leader's entries that arrive meanwhile, to append once it is there.</li>
 *   <li>{@link dev.groups.sync.replay.CatchUpPeers}: the session's view of each peer (its last status,
 *       the one request in flight, when to ask again, the leader last).</li>
 *   <li>{@link dev.groups.sync.replay.EntryBatch} and {@link dev.groups.sync.replay.EncodedEntry}: a run
 *       of entries as a peer serves it (or the explicit answer that it serves none), and its wire
 *       format, for a sync's entries response to extend and its codec to embed.</li>
 *   <li>{@link dev.groups.sync.replay.EntryServing}: the provider's side, which entries a member serves
 *       (committed ones; the leader's whole log) and a batch of them, bounded in count and bytes.</li>
 *   <li>{@link dev.groups.sync.replay.EntryCheck}: the session's side, whether a batch continues the
 *       local log (Raft's log matching, with the term's leader) before anything is appended.</li>
 *   <li>{@link dev.groups.sync.replay.TermLeaders}: which leader wrote an entry, from its term's
 *       {@code TermStart}.</li>
 * </ul>
 *
 * <p>They are not an SPI: nothing here is called by the runtime. What has state belongs to one session
 * or provider and is used on its group's thread only; the values are immutable. Nothing here blocks
 * beyond the log store's own reads, and each type states what it owns.
 */
package dev.groups.sync.replay;
