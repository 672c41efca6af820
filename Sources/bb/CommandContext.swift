internal import AMQPClient

/// The environment, working directory, logger and outputs that a running command uses.
///
/// Commands write results with ``print(_:)`` to standard output and never print
/// errors themselves: they throw, and ``CommandRunner`` prints `bb: error: ...` to
/// standard error.
struct CommandContext: Sendable {
    /// The process environment.
    var environment: [String: String]
    /// The directory that relative paths on the command line are resolved against.
    var currentDirectory: String
    /// The words that select the running command, such as `["bb", "broker", "start"]`.
    var commandPath: [String]
    /// The logger at the level set by `BLOODBANK_LOG_LEVEL`, writing to standard error.
    /// Pass it to library types.
    var logger: Logger
    /// The sink for results.
    var standardOutput: TextOutput
    /// The sink for diagnostics; ``CommandRunner`` writes errors here.
    var standardError: TextOutput

    /// Writes one line of results to standard output.
    func print(_ line: String = "") {
        standardOutput.write(line + "\n")
    }

    /// Resolves a path from the command line against ``currentDirectory``, removing `.`
    /// and `..` components.
    func absolutePath(_ path: String) -> String {
        FileSystem.normalizedPath(path, relativeTo: currentDirectory)
    }
}

/// A destination for text, such as standard output.
struct TextOutput: Sendable {
    /// Writes `text` as given, without adding a newline.
    let write: @Sendable (String) -> Void

    /// Standard output, written with `write(2)` so that text appears in call order.
    static let standardOutput = TextOutput { FileDescriptorWriter.standardOutput.write($0) }
    /// Standard error, written with `write(2)`.
    static let standardError = TextOutput { FileDescriptorWriter.standardError.write($0) }
}
