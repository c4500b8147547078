/**
 * Observing groups: events and live values for metrics, without a metrics library.
 *
 * <p>A {@link dev.groups.metrics.GroupObserver} is handed to the network ({@code Network.builder().observer(…)});
 * for each group the node joins it returns a {@link dev.groups.metrics.GroupListener}, which the runtime
 * calls on the group's thread as things happen (commits, latencies, flushes, elections, bonds, state
 * sync, snapshots), and it receives the group's {@link dev.groups.metrics.GroupGauges}, live values that
 * any thread may read (term, commit and apply indices, log size, bonds, sync progress). Observing is
 * optional: without an observer the runtime calls a no-op listener and allocates nothing for it.
 * {@code groups-metrics-micrometer} binds these to a Micrometer registry.
 */
package dev.groups.metrics;
