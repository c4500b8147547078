/**
 * A linearizability checker for client histories of a replicated register or key-value state machine.
 *
 * <h2>Workflow</h2>
 * <ol>
 *   <li>Record what clients did with a {@link dev.groups.testkit.linearizability.HistoryRecorder}
 *       (or build {@link dev.groups.testkit.linearizability.Operation}s directly) and take a
 *       {@link dev.groups.testkit.linearizability.History}.</li>
 *   <li>Describe the sequential behaviour of the system with a
 *       {@link dev.groups.testkit.linearizability.Model}; two are built in:
 *       {@link dev.groups.testkit.linearizability.RegisterModel} and
 *       {@link dev.groups.testkit.linearizability.KeyValueModel}.</li>
 *   <li>Call {@link dev.groups.testkit.linearizability.LinearizabilityChecker#check} with a
 *       {@link dev.groups.testkit.linearizability.Budget} and inspect the
 *       {@link dev.groups.testkit.linearizability.CheckResult}.</li>
 * </ol>
 *
 * <h2>Algorithm</h2>
 * The checker is the Wing&ndash;Gong&ndash;Lowe search in the form used by Porcupine (Anish Athalye):
 * the history is first split into independent partitions by
 * {@link dev.groups.testkit.linearizability.Model#partitionKey} (a history is linearizable iff every
 * partition is, by P-compositionality); each partition becomes a doubly linked list of call and return
 * entries sorted by time, explored depth-first with an explicit stack, lifting an operation out of the
 * list when it is linearized and putting it back on backtracking, and remembering every
 * (set of linearized operations, model state) pair already explored so that no configuration is
 * explored twice.
 *
 * <h2>Equal timestamps</h2>
 * When a call and a return carry the same timestamp, the <em>call is ordered first</em>: an operation
 * completing at {@code t} and one invoked at {@code t} are treated as concurrent. This is the
 * conservative choice: it only ever allows more orders, so a clock too coarse to separate two events
 * (simulated ticks, milliseconds) can never produce a false violation. The price is that a real
 * violation whose only evidence is the order of two events within one tick is not reported.
 *
 * <h2>Operations that failed or timed out</h2>
 * {@link dev.groups.testkit.linearizability.Outcome#FAILED} operations are dropped: they did not happen.
 * {@link dev.groups.testkit.linearizability.Outcome#UNKNOWN} operations may have taken effect at any
 * time after their invocation, or never: their return is placed at +infinity, the search may leave
 * them out, and the model is asked to accept any output for them. Unknown operations that cannot
 * change the state ({@link dev.groups.testkit.linearizability.Model#isReadOnly}) are dropped up front.
 *
 * <h2>Cost</h2>
 * Checking linearizability is NP-complete in general. Histories with bounded concurrency check quickly,
 * but many concurrent (in particular many unknown) operations can make the search exponential; every
 * check therefore runs within a {@link dev.groups.testkit.linearizability.Budget} of steps and time and
 * answers {@link dev.groups.testkit.linearizability.Verdict#UNKNOWN} rather than hang when it runs out.
 */
package dev.groups.testkit.linearizability;
