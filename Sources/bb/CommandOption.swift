/// The declaration of one option of a command: its name, what it takes, and its help.
///
/// Declare options as static constants of the command and list them in
/// ``Command/options``, then read them back from ``ParsedArguments`` with the same
/// constant, so that the declaration and the lookup cannot drift apart:
///
/// ```swift
/// static let port = CommandOption.value(
///     "port", valueName: "port", help: "AMQP port on 127.0.0.1.", defaultValue: "5682")
/// ```
struct CommandOption: Sendable, Hashable {
    /// The form of an option on the command line.
    enum Kind: Sendable, Hashable {
        /// `--name` alone; set or not set.
        case flag
        /// `--name VALUE` or `--name=VALUE`, at most once.
        case value
        /// `--name VALUE`, any number of times; the values keep their order.
        case repeatable
    }

    /// The long name without the leading `--`, such as `port`.
    let name: String
    /// An optional one-letter alias, used as `-p`. `h` is taken by help.
    let shortName: Character?
    /// The form of the option on the command line.
    let kind: Kind
    /// The placeholder shown in help for the value, such as `seconds`; empty for flags.
    let valueName: String
    /// The help text: what the option sets, in what unit.
    let help: String
    /// The value used when the option is absent, shown in help; `nil` for none.
    let defaultValue: String?
    /// Whether parsing fails when the option is absent.
    let isRequired: Bool

    /// Declares a flag such as `--verbose`, which is either present or absent.
    static func flag(_ name: String, shortName: Character? = nil, help: String) -> CommandOption {
        CommandOption(
            name: name, shortName: shortName, kind: .flag, valueName: "", help: help,
            defaultValue: nil, isRequired: false)
    }

    /// Declares an option that takes one value, such as `--port 5682` or `--port=5682`.
    static func value(
        _ name: String,
        shortName: Character? = nil,
        valueName: String,
        help: String,
        defaultValue: String? = nil,
        isRequired: Bool = false
    ) -> CommandOption {
        CommandOption(
            name: name, shortName: shortName, kind: .value, valueName: valueName, help: help,
            defaultValue: defaultValue, isRequired: isRequired)
    }

    /// Declares an option that may be given several times, such as
    /// `--header a=1 --header b=2`.
    static func repeatable(
        _ name: String,
        shortName: Character? = nil,
        valueName: String,
        help: String,
        isRequired: Bool = false
    ) -> CommandOption {
        CommandOption(
            name: name, shortName: shortName, kind: .repeatable, valueName: valueName, help: help,
            defaultValue: nil, isRequired: isRequired)
    }

    /// The spelling used in messages, such as `--port`.
    var displayName: String { "--" + name }
}
