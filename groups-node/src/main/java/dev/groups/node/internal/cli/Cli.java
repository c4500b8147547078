package dev.groups.node.internal.cli;

import dev.groups.node.ConfigException;
import dev.groups.plugin.PluginNotFoundException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code groups} command line on picocli: the commands, and one policy for mistakes. A
 * configuration mistake (an unknown option, a missing value, a bad address, a missing key file) is
 * one line, {@code groups: <what is wrong>}, and exit status {@value #CONFIG_ERROR}; picocli's own
 * messages are rephrased here so that every command says them the same way.
 */
public final class Cli {
    /** Exit status of a configuration error. */
    public static final int CONFIG_ERROR = 2;

    private Cli() {}

    /** The command line with every command, writing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new GroupsCommand(err));
        cl.addSubcommand(new NodeCommand());
        cl.addSubcommand(new StatusCommand(out));
        cl.addSubcommand(new KeygenCommand(out));
        cl.addSubcommand(new ExecCommand(out));
        cl.addSubcommand(new QueryCommand(out));
        cl.addSubcommand(VotersCommand.commandLine(out));
        cl.addSubcommand(new DemoCommand(out, err));
        cl.addSubcommand(new CommandLine.HelpCommand());
        // `groups generate-completion > groups.bash`: the script is generated from these very commands.
        cl.addSubcommand(new AutoComplete.GenerateCompletion());
        // its own --version would print picocli's version
        cl.getSubcommands().get("generate-completion").getCommandSpec().versionProvider(new Version());
        configure(cl);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, args) -> {
            err.println("groups: " + describe(e));
            return CONFIG_ERROR;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof Failed) {
                err.println("groups: " + oneLine(e.getMessage()));
                debug(e, err);
                return 1;
            }
            if (e instanceof ConfigException || e instanceof PluginNotFoundException) {
                err.println("groups: " + oneLine(e.getMessage()));
                debug(e, err);
                return CONFIG_ERROR;
            }
            err.println("groups: unexpected error: " + oneLine(String.valueOf(e))
                    + (debugging() ? "" : " (GROUPS_DEBUG=1 shows the stack trace)"));
            debug(e, err);
            return 1;
        });
        return cl;
    }

    /**
     * Parses {@code args} into {@code command}'s fields without running it.
     *
     * @throws ConfigException with the same one-line message {@code groups} would print
     */
    public static void parse(Object command, List<String> args) {
        CommandLine cl = new CommandLine(command);
        configure(cl);
        try {
            cl.parseArgs(args.toArray(new String[0]));
        } catch (ParameterException e) {
            throw new ConfigException(describe(e));
        }
    }

    private static void configure(CommandLine cl) {
        // A command or query that starts with '@' is data, not an argument file to expand.
        cl.setExpandAtFiles(false);
    }

    /**
     * The command ran and failed, for a reason that is not a mistake on its command line (a group with no
     * leader, an outcome the group could not tell): one line, {@code groups: <what happened>}, exit status 1.
     */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Failed(String message) {
            super(message);
        }
    }

    /** Picocli's message for a mistake, in the words every {@code groups} command uses. */
    static String describe(ParameterException e) {
        CommandLine cl = e.getCommandLine();
        String name = name(cl);
        boolean top = cl.getParent() == null;
        String help = top ? "groups --help" : "groups " + name + " --help";
        // picocli checks required options before it reports what it did not recognise; a mistyped
        // option (--listn) is the cause of the missing one (--listen), so it is named first
        List<String> unmatched = e instanceof UnmatchedArgumentException u ? u.getUnmatched() : cl.getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            String arg = unmatched.get(0);
            List<String> near = e instanceof UnmatchedArgumentException u ? u.getSuggestions() : List.of();
            String hint = near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?";
            if (arg.startsWith("-")) {
                int eq = arg.indexOf('=');
                return "unknown option " + (eq > 0 ? arg.substring(0, eq) : arg) + (top ? "" : " for '" + name + "'")
                        + hint + " (try: " + help + ")";
            }
            if (top) {
                return "unknown command '" + arg + "'" + hint + " (try: groups --help)";
            }
            return cl.getSubcommands().isEmpty()
                    ? "unexpected argument '" + arg + "' for '" + name + "' (try: " + help + ")"
                    : "unknown command '" + arg + "' for '" + name + "'" + hint + " (try: " + help + ")";
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            List<ArgSpec> missing = m.getMissing();
            String message = String.valueOf(m.getMessage());
            if (message.startsWith("Missing required option")) {
                return "'" + name + "' needs " + labels(missing);
            }
            if (missing.get(0).isPositional()) {
                return "'" + name + "' needs " + labels(missing) + " (usage: " + usage(cl) + ")";
            }
            // an option given without its value (last on the line, or followed by another option)
            return names(missing.get(0)) + " needs a value";
        }
        if (e instanceof OverwrittenOptionException o) {
            return names(o.getOverwritten()) + " is given more than once; give it once";
        }
        String message = oneLine(e.getMessage());
        return message.isEmpty() ? message : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }

    /** {@code groups exec --data DIR GROUP COMMAND…}: the required options, then the positionals. */
    static String usage(CommandLine cl) {
        StringBuilder sb = new StringBuilder("groups ").append(name(cl));
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.required()) {
                sb.append(' ').append(o.longestName()).append(' ').append(o.paramLabel());
            }
        }
        for (PositionalParamSpec p : cl.getCommandSpec().positionalParameters()) {
            sb.append(' ').append(p.paramLabel()).append(p.arity().max() > 1 ? "…" : "");
        }
        return sb.toString();
    }

    /** A command's name below {@code groups}: {@code exec}, {@code voters add}. */
    private static String name(CommandLine cl) {
        String qualified = cl.getCommandSpec().qualifiedName(" ");
        return cl.getParent() == null ? qualified : qualified.substring(qualified.indexOf(' ') + 1);
    }

    private static String labels(List<ArgSpec> specs) {
        List<String> parts = new ArrayList<>();
        for (ArgSpec a : specs) {
            parts.add(a instanceof OptionSpec o ? o.longestName() + " " + o.paramLabel() : a.paramLabel());
        }
        return String.join(" and ", parts);
    }

    private static String names(ArgSpec a) {
        return a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
    }

    /**
     * A whole number option in {@code min..max}, or {@code defaultValue} when absent. Parsed here rather
     * than by picocli, so that the message names the range.
     */
    public static int intValue(String option, String value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigException(option + " must be a whole number in " + min + ".." + max + ", got '" + value + "'");
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').strip();
    }

    static boolean debugging() {
        return "1".equals(System.getenv("GROUPS_DEBUG"));
    }

    static void debug(Throwable e, PrintStream err) {
        if (debugging()) {
            e.printStackTrace(err);
        }
    }
}
