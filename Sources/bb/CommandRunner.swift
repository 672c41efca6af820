internal import AMQPClient

/// Parses a command line, runs the selected command, and turns every outcome into output
/// and an exit status.
///
/// Help and version go to standard output with status 0. A usage error prints
/// `bb: <message>` and a hint naming the command's `--help` to standard error, with status
/// 64. Any error thrown by a command prints `bb: error: <message>` to standard error, with
/// the status of its ``CommandLineError/Code`` (1 for errors that are not
/// ``CommandLineReportable``).
struct CommandRunner: Sendable {
    /// The environment variable that sets the log level of ``CommandContext/logger``.
    static let logLevelVariable = "BLOODBANK_LOG_LEVEL"
    /// The level used when ``logLevelVariable`` is unset.
    static let defaultLogLevel = Logger.Level.info

    /// The root of the command tree.
    let root: any Command
    /// The text that `--version` prints after the program name.
    let version: String

    /// Runs the command selected by `words` (the command line without the program name)
    /// and returns its exit status.
    func run(
        _ words: [String],
        environment: [String: String],
        currentDirectory: String,
        standardOutput: TextOutput = .standardOutput,
        standardError: TextOutput = .standardError
    ) async -> Int32 {
        let invocation: CommandLineParser.Invocation
        do {
            invocation = try CommandLineParser(root: root).parse(words)
        } catch {
            report(error.error, path: error.path, to: standardError)
            return error.error.exitStatus
        }

        switch invocation {
        case .version:
            standardOutput.write("\(root.name) \(version)\n")
            return ExitStatus.success
        case .help(let command, let path):
            standardOutput.write(HelpFormatter().help(for: command, path: path))
            return ExitStatus.success
        case .run(let command, let path, let arguments):
            let logLevel: Logger.Level
            do {
                logLevel = try Self.logLevel(in: environment)
            } catch {
                report(error, path: [root.name], to: standardError)
                return error.exitStatus
            }
            let context = CommandContext(
                environment: environment,
                currentDirectory: currentDirectory,
                commandPath: path,
                logger: Logger.standardError(label: root.name, logLevel: logLevel),
                standardOutput: standardOutput,
                standardError: standardError)
            do {
                return try await command.run(arguments, context: context)
            } catch {
                let reported = (error as? any CommandLineReportable)?.commandLineError
                    ?? .failure(String(describing: error))
                report(reported, path: path, to: standardError)
                return reported.exitStatus
            }
        }
    }

    /// Reads ``logLevelVariable``, or returns ``defaultLogLevel`` when it is unset or empty.
    ///
    /// - Throws: A usage error naming the accepted levels when the value is not one of them.
    static func logLevel(in environment: [String: String]) throws(CommandLineError) -> Logger.Level {
        guard let name = environment[logLevelVariable], !name.isEmpty else {
            return defaultLogLevel
        }
        guard let level = Logger.Level(name: name) else {
            let names = Logger.Level.allCases.map(\.description).joined(separator: ", ")
            throw .usage("invalid \(logLevelVariable) '\(name)': expected one of \(names)")
        }
        return level
    }

    private func report(_ error: CommandLineError, path: [String], to output: TextOutput) {
        let program = root.name
        switch error.code {
        case .usage:
            output.write("\(program): \(error.message)\n")
            output.write("Run '\(path.joined(separator: " ")) --help' for usage.\n")
        case .failure, .unavailable:
            output.write("\(program): error: \(error.message)\n")
            if let detail = error.detail, !detail.isEmpty {
                output.write(detail.hasSuffix("\n") ? detail : detail + "\n")
            }
        }
    }
}
