package dev.groups.node.internal.cli;

import dev.groups.id.PeerId;
import dev.groups.node.ConfigException;
import dev.groups.node.internal.AdminClient;
import dev.groups.node.internal.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code groups voters list|add|remove}: a strict-mode group's voters, through a running node. A change
 * may be asked of any member (it is forwarded to the leader) and is waited for until it commits. A
 * mistake in what was asked (not a peer id, no such group, a change the group refuses as asked: dynamic
 * mode, the last voter, another change running) exits 2 like every configuration mistake; a change the
 * group could not make now (no leader, a new voter that did not catch up) or whose outcome it could not
 * tell exits 1.
 */
@Command(name = "voters", mixinStandardHelpOptions = true, versionProvider = Version.class,
        synopsisSubcommandLabel = "(list | add | remove)",
        description = {"Lists or changes the voters of a strict-mode group (nodes started with --voters) through the "
                + "node in DIR; any member will do, a change goes to the leader.",
                "Examples: groups voters list --data n1",
                "          groups voters add --data n1 $(groups keygen --data n4)"})
final class VotersCommand implements Callable<Integer> {
    /** The command line of {@code voters} with its three subcommands, printing on {@code out}. */
    static CommandLine commandLine(PrintStream out) {
        CommandLine cl = new CommandLine(new VotersCommand());
        cl.addSubcommand(new ListVoters(out));
        cl.addSubcommand(new AddVoter(out));
        cl.addSubcommand(new RemoveVoter(out));
        return cl;
    }

    @Override
    public Integer call() {
        throw new ConfigException("'voters' needs a command: list, add or remove (try: groups voters --help)");
    }

    /** The options every voters command takes: which node, which group. */
    static final class Target {
        @Option(names = "--data", required = true, paramLabel = "DIR", description = "a member's data directory")
        Path data;

        @Option(names = "--group", paramLabel = "NAME",
                description = "the group's local name (as in --group NAME:…); default: the node's only group")
        String group;

        /** The group named, or the node's only one. */
        String group(AdminClient client) {
            if (group != null) {
                return group;
            }
            List<String> names = new ArrayList<>();
            if (client.status().get("groups") instanceof List<?> groups) {
                for (Object g : groups) {
                    names.add(String.valueOf(((Map<?, ?>) g).get("name")));
                }
            }
            if (names.size() == 1) {
                return names.get(0);
            }
            throw new ConfigException(names.isEmpty() ? "the node in " + data + " runs no group"
                    : "the node in " + data + " runs groups " + String.join(", ", names) + ": name one with --group");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Prints the group's voters (full peer ids) as this node's log holds them, the log position "
                    + "of the configuration and whether it is committed, and the bonded members that do not vote."})
    static final class ListVoters implements Callable<Integer> {
        private final PrintStream out;

        @Mixin
        Target target;

        @Option(names = "--json", description = "the endpoint's document: voters, position, committed, nonVoters, leader")
        boolean json;

        ListVoters(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            AdminClient client = new AdminClient(target.data);
            Map<String, Object> doc = client.voters(target.group(client));
            if (json) {
                out.println(Json.write(doc));
                return 0;
            }
            out.println("group " + doc.get("group") + ": " + summary(doc));
            for (Object v : (List<?>) doc.get("voters")) {
                List<String> notes = new ArrayList<>();
                if (v.equals(doc.get("leader"))) {
                    notes.add("leader");
                }
                if (v.equals(doc.get("node"))) {
                    notes.add("this node");
                }
                out.println("  " + v + (notes.isEmpty() ? "" : "  (" + String.join(", ", notes) + ")"));
            }
            List<?> others = (List<?>) doc.get("nonVoters");
            if (others != null && !others.isEmpty()) {
                out.println("members not voting:");
                for (Object o : others) {
                    out.println("  " + o + (o.equals(doc.get("node")) ? "  (this node)" : ""));
                }
            }
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Makes a member of the group a voter and waits until the change commits. The member must be "
                    + "running and bonded (started with the same --voters as the others); it catches up with the log first.",
                    "Example: groups voters add --data n1 $(groups keygen --data n4)"})
    static final class AddVoter extends ChangeVoters {
        AddVoter(PrintStream out) {
            super(out, true);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Stops a voter voting and waits until the change commits; it stays a member and keeps "
                    + "replicating the log. A leader that removes itself hands leadership to a voter once the change "
                    + "commits."})
    static final class RemoveVoter extends ChangeVoters {
        RemoveVoter(PrintStream out) {
            super(out, false);
        }
    }

    /** {@code add} and {@code remove}: one peer id, the change waited for. */
    abstract static class ChangeVoters implements Callable<Integer> {
        private final PrintStream out;
        private final boolean add;

        @Mixin
        Target target;

        @Parameters(paramLabel = "PEER_ID", description = "the member's peer id, 64 hex digits (groups keygen --data DIR "
                + "prints a node's; groups voters list shows the members')")
        String peer;

        ChangeVoters(PrintStream out, boolean add) {
            this.out = out;
            this.add = add;
        }

        @Override
        public Integer call() {
            String hex = peer.strip();
            try {
                PeerId.fromHex(hex);
            } catch (IllegalArgumentException e) {
                String where = "groups voters list prints the members', groups keygen --data DIR a node's";
                throw new ConfigException(hex.matches("[0-9a-fA-F]{1,63}")
                        ? "'" + hex + "' is the short form of a peer id: give all 64 hex digits (" + where + ")"
                        : "bad peer id '" + hex + "': a peer id is 64 hex digits (" + where + ")");
            }
            AdminClient client = new AdminClient(target.data);
            String group = target.group(client);
            Map<String, Object> doc;
            try {
                doc = client.changeVoter(group, add, hex);
            } catch (AdminClient.Refused e) {
                if (e.status() >= 500) {
                    throw new Cli.Failed(e.getMessage()); // the group could not do it now: not a mistake in what was asked
                }
                throw e;
            }
            out.println(hex.toLowerCase(java.util.Locale.ROOT) + (add ? " votes in group " : " does not vote in group ")
                    + group + ": " + summary(doc));
            return 0;
        }
    }

    /** {@code 3 voters, founding configuration, committed}; {@code 4 voters, configuration at index 7 (term 2), committed}. */
    static String summary(Map<String, Object> doc) {
        int n = ((List<?>) doc.get("voters")).size();
        Map<?, ?> position = (Map<?, ?>) doc.get("position");
        long index = ((Number) position.get("index")).longValue();
        String at = index == 0 ? "founding configuration"
                : "configuration at index " + index + " (term " + position.get("term") + ")";
        return n + (n == 1 ? " voter, " : " voters, ") + at + ", "
                + (Boolean.TRUE.equals(doc.get("committed")) ? "committed" : "not committed yet");
    }
}
