package dev.groups.node.internal;

import dev.groups.consensus.VotingConfiguration;
import dev.groups.id.PeerId;
import dev.groups.raft.GroupException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The admin endpoint's voter routes ({@code groups voters}), for a strict-mode group:
 * <ul>
 *   <li>{@code GET /groups/NAME/voters}: the configuration this node's log holds, as
 *       {@link JoinedGroup#membership} shows it, with the group's name, this node and the leader;</li>
 *   <li>{@code POST /groups/NAME/voters/add} and {@code …/remove}, the body a peer id (64 hex digits):
 *       answers once the change committed, with the configuration that made it.</li>
 * </ul>
 * Errors: 400 (not a peer id), 409 (dynamic mode, the last voter, another change running: refused as
 * asked, nothing changed), 503 (no leader, or the new voter did not catch up: nothing changed, safe to
 * retry), 504 (the entry was appended but its commit was not seen: read the voters again).
 */
final class VoterRoutes {
    /**
     * How long a change is waited for. The group answers within its own deadlines (with the default
     * configuration at most ten election timeouts of catch-up, then five forward timeouts for the commit,
     * about 30 s); this only bounds a request the group never answers.
     */
    static final int CHANGE_WAIT_SECONDS = 60;

    /** A status code and its JSON body. */
    record Answer(int status, Map<String, Object> body) {}

    private VoterRoutes() {}

    static Answer list(JoinedGroup<?, ?, ?> g) {
        Optional<VotingConfiguration> c = g.group().membership().configuration();
        if (c.isEmpty()) {
            return dynamicMode(g);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", g.name());
        m.put("node", g.self().toString());
        m.put("leader", g.group().leader().map(PeerId::toString).orElse(null));
        m.putAll(g.membership(c.get()));
        return new Answer(200, m);
    }

    static Answer change(JoinedGroup<?, ?, ?> g, boolean add, String body) {
        String hex = body.strip();
        PeerId peer;
        try {
            peer = PeerId.fromHex(hex);
        } catch (IllegalArgumentException e) {
            return error(400, "bad peer id '" + abbreviate(hex) + "': a peer id is 64 hex digits");
        }
        // said here in the node's words (--voters) rather than the library's (ConsensusConfig.voters)
        if (!g.group().config().isStrict()) {
            return dynamicMode(g);
        }
        try {
            VotingConfiguration c = (add ? g.group().membership().addVoter(peer) : g.group().membership().removeVoter(peer))
                    .get(CHANGE_WAIT_SECONDS, TimeUnit.SECONDS);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g.name());
            m.putAll(g.membership(c));
            return new Answer(200, m);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (cause instanceof GroupException.Refused) {
                return error(409, message);
            }
            if (cause instanceof GroupException.OutcomeUnknown) {
                return error(504, message + " (see groups voters list)");
            }
            return error(503, message); // Offline, GroupTerminated: nothing changed
        } catch (TimeoutException e) {
            return error(504, "no answer from group " + g.name() + " within " + CHANGE_WAIT_SECONDS
                    + " s: the change may still take effect (see groups voters list)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "interrupted");
        }
    }

    private static Answer dynamicMode(JoinedGroup<?, ?, ?> g) {
        return error(409, "group " + g.name() + " runs in dynamic mode, where whoever is bonded votes; voters are "
                + "listed and changed only in strict mode (start every member with the same --voters)");
    }

    private static Answer error(int status, String message) {
        return new Answer(status, Map.of("error", message));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
