/**
 * A replicated key-value store as a state-machine plugin: {@link dev.groups.examples.kv.KvMachine}
 * (put, delete, compare-and-set; get, scan), its command, query and result types, and
 * {@link dev.groups.examples.kv.KvProvider}, which makes it by the name {@code "kv"}.
 */
package dev.groups.examples.kv;
