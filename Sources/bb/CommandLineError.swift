/// An error that ends a `bb` command, with the exit status and message to report.
///
/// Throw ``usage(_:)`` for an invalid command line, so that `bb` adds a hint pointing at
/// the command's help, ``failure(_:detail:)`` for a runtime failure, and
/// ``unavailable(_:detail:)`` when the broker or a required program cannot be reached.
/// Messages never contain a password.
struct CommandLineError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure, which selects the exit status.
    enum Code: Sendable {
        /// The command line was invalid; exits 64.
        case usage
        /// A runtime failure; exits 1.
        case failure
        /// The broker or a required program cannot be reached; exits 69.
        case unavailable
    }

    /// The kind of failure.
    var code: Code
    /// One sentence saying what failed, on which value, and what to do next.
    var message: String
    /// Extra lines printed after the message, such as the end of a log file.
    var detail: String?

    var description: String { message }

    /// The process exit status for this error.
    var exitStatus: Int32 {
        switch code {
        case .usage: ExitStatus.usage
        case .failure: ExitStatus.failure
        case .unavailable: ExitStatus.unavailable
        }
    }

    /// Makes an error for an invalid command line: unknown option, missing or invalid value,
    /// missing argument.
    static func usage(_ message: String) -> CommandLineError {
        CommandLineError(code: .usage, message: message, detail: nil)
    }

    /// Makes an error for a runtime failure, which exits 1.
    static func failure(_ message: String, detail: String? = nil) -> CommandLineError {
        CommandLineError(code: .failure, message: message, detail: detail)
    }

    /// Makes an error for a broker or program that cannot be reached, which exits 69.
    static func unavailable(_ message: String, detail: String? = nil) -> CommandLineError {
        CommandLineError(code: .unavailable, message: message, detail: detail)
    }
}

/// An error type that chooses how `bb` reports it.
///
/// `bb` reports any other error with its `description` and exit status 1. Conform a
/// library's error type to this protocol inside `bb` to map some of its codes to another
/// status, for example a refused connection to ``CommandLineError/unavailable(_:detail:)``
/// so that scripts can tell "broker down" (69) from "request failed" (1).
protocol CommandLineReportable: Error {
    /// The message and exit status to report for this error.
    var commandLineError: CommandLineError { get }
}

extension CommandLineError: CommandLineReportable {
    var commandLineError: CommandLineError { self }
}
