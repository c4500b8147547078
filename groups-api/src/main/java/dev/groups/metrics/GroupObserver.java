package dev.groups.metrics;

/**
 * Observes every group of one network: the entry point a metrics binding implements (see
 * {@code groups-metrics-micrometer}). Optional; a network without one observes nothing.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Who calls it:</b> the runtime, once per group it starts, on the thread that joins the group
 *       (the caller of {@code join()}), before the group's first step. A group joined again after it was
 *       left is a new group and gets a new call.</li>
 *   <li><b>Blocking:</b> it must return quickly (registering meters is fine; no I/O, no waiting on the
 *       group).</li>
 *   <li><b>Ownership:</b> the {@link GroupGauges} passed in belong to the runtime and stay readable
 *       after the group stopped (they then keep their last values); the returned listener belongs to
 *       the runtime until {@link GroupListener#stopped()}, the last call it gets.</li>
 *   <li><b>Never:</b> throw (the group then runs unobserved and the failure is logged), or call back
 *       into the group from here.</li>
 * </ul>
 */
@FunctionalInterface
public interface GroupObserver {
    /** Observes nothing. */
    GroupObserver NONE = group -> GroupListener.NONE;

    /**
     * A group starts on this node.
     *
     * @param group the group's live values, readable from any thread
     * @return the listener for this group's events, or {@link GroupListener#NONE}
     */
    GroupListener groupStarted(GroupGauges group);
}
