/**
 * A program that uses groups as a named module: it requires the runtime only. The QUIC transport and
 * the Chronicle log are found at run time through {@code ServiceLoader} (the runtime's {@code uses}
 * clauses), so they are not named here. {@code ModulePathTest} runs it with the README's command lines.
 */
module dev.groups.examples.modulepath {
    requires dev.groups.raft;
}
