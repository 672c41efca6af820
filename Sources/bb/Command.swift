/// One command of the `bb` tree: a leaf that does work, or a ``CommandGroup`` of subcommands.
///
/// To add a command, write a struct that conforms to `Command`, declare its options as
/// static ``CommandOption`` constants, implement ``run(_:context:)``, and add an instance
/// to the `subcommands` of its parent (``BBCommand`` for a top-level command).
/// ``CommandRunner`` does the parsing, `-h`/`--help`, usage errors (exit 64) and error
/// reporting. So `run` only reads its ``ParsedArguments``, writes results through
/// ``CommandContext/print(_:)``, and returns an exit status or throws.
protocol Command: Sendable {
    /// The word that selects the command, such as `start`.
    var name: String { get }
    /// One sentence shown in the parent's subcommand list and at the top of the help.
    var abstract: String { get }
    /// Paragraphs shown below the abstract in the command's help; empty for none.
    var discussion: String { get }
    /// The options the command accepts, in the order the help lists them.
    var options: [CommandOption] { get }
    /// The positional arguments, in command-line order.
    var arguments: [CommandArgument] { get }
    /// The subcommands; non-empty only for a ``CommandGroup``.
    var subcommands: [any Command] { get }
    /// Environment variables that the help lists; usually only the root declares them.
    var environmentVariables: [CommandEnvironmentVariable] { get }

    /// Runs the command and returns the process exit status.
    ///
    /// Throw ``CommandLineError`` (or an error conforming to ``CommandLineReportable``) to
    /// report a failure; any other error is reported with its description and exit 1.
    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32
}

extension Command {
    var discussion: String { "" }
    var options: [CommandOption] { [] }
    var arguments: [CommandArgument] { [] }
    var subcommands: [any Command] { [] }
    var environmentVariables: [CommandEnvironmentVariable] { [] }
}

/// A command whose only job is to hold subcommands, such as `bb broker`.
///
/// ``CommandRunner`` never calls `run` on a group: a group invoked without a subcommand
/// is a usage error.
protocol CommandGroup: Command {}

extension CommandGroup {
    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        throw CommandLineError.usage("missing subcommand for '\(name)'")
    }
}

/// An environment variable that a command reads, listed in its help.
struct CommandEnvironmentVariable: Sendable {
    /// The variable's name, such as `BLOODBANK_URL`.
    let name: String
    /// The help text: what the variable sets, and the behaviour when it is unset.
    let help: String
}
