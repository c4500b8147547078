package dev.groups.examples.kv;

import dev.groups.examples.kv.KvCommand.CompareAndSet;
import dev.groups.examples.kv.KvCommand.Delete;
import dev.groups.examples.kv.KvCommand.Put;
import dev.groups.examples.kv.KvQuery.Get;
import dev.groups.examples.kv.KvQuery.Scan;
import dev.groups.examples.kv.KvResult.Absent;
import dev.groups.examples.kv.KvResult.Entry;
import dev.groups.examples.kv.KvResult.Found;
import dev.groups.examples.kv.KvResult.Page;
import dev.groups.machine.WireFormat;
import dev.groups.machine.WireFormats;

/**
 * The wire format of the machine's commands, queries and results, composed from {@code groups-api}'s
 * {@link WireFormats}: a one-byte tag per variant, then the record's fields in order. A string is a
 * varint length and strict UTF-8; an optional is 0, or 1 and the value.
 *
 * <pre>
 * command  = 0x01 key value                        Put
 *          | 0x02 key                              Delete
 *          | 0x03 key optional(value) optional(value)   CompareAndSet: expected, update
 * query    = 0x01 key                              Get
 *          | 0x02 prefix after limit:varint        Scan; prefix and after 0..maxKeyBytes, limit 1..1000
 * result   = 0x01 entry                            Found
 *          | 0x02                                  Absent
 *          | 0x03 count:varint entry* more:bool    Page; count 0..1000
 * entry    = key value version:varint              version at least 1 (Entry's constructor checks it)
 * key      = string of 1..maxKeyBytes bytes;  value = string of 0..maxValueBytes bytes
 * </pre>
 *
 * <p>What the formats guarantee, this machine inherits: every length is checked against its limit
 * and the bytes left before anything is allocated, only canonical bytes decode (so every decoded value
 * re-encodes to exactly its input), an unpaired surrogate cannot be encoded, and the only exception is
 * {@code CodecException}.
 */
final class KvCodecs {
    final WireFormat<KvCommand> commands;
    final WireFormat<KvQuery> queries;
    final WireFormat<KvResult> results;

    KvCodecs(KvLimits limits) {
        WireFormat<String> key = WireFormats.utf8(1, limits.maxKeyBytes()).named("key");
        WireFormat<String> value = WireFormats.utf8(limits.maxValueBytes()).named("value");
        WireFormat<String> keyBound = WireFormats.utf8(limits.maxKeyBytes());
        WireFormat<Entry> entry = WireFormats.record(Entry::key, key, Entry::value, value, Entry::version,
                WireFormats.varint(), Entry::new);

        commands = WireFormats.union(KvCommand.class)
                .variant(1, Put.class, WireFormats.record(Put::key, key, Put::value, value, Put::new))
                .variant(2, Delete.class, WireFormats.record(Delete::key, key, Delete::new))
                .variant(3, CompareAndSet.class, WireFormats.record(CompareAndSet::key, key,
                        CompareAndSet::expected, WireFormats.optional(value), CompareAndSet::update,
                        WireFormats.optional(value), CompareAndSet::new))
                .build();
        queries = WireFormats.union(KvQuery.class)
                .variant(1, Get.class, WireFormats.record(Get::key, key, Get::new))
                .variant(2, Scan.class, WireFormats.record(Scan::prefix, keyBound.named("prefix"), Scan::after,
                        keyBound.named("after"), Scan::limit, WireFormats.varint(1, Scan.MAX_LIMIT).named("limit"), Scan::new))
                .build();
        results = WireFormats.union(KvResult.class)
                .variant(1, Found.class, WireFormats.record(Found::entry, entry, Found::new))
                .variant(2, Absent.class, WireFormats.constant(new Absent()))
                .variant(3, Page.class, WireFormats.record(Page::entries, WireFormats.list(entry, Scan.MAX_LIMIT),
                        Page::more, WireFormats.bool(), Page::new))
                .build();
    }
}
