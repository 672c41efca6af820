/// The declaration of one positional argument of a command.
///
/// Positional arguments are matched in the order that ``Command/arguments`` lists them.
/// Only the last one may be variadic, and no required argument may follow an optional one.
struct CommandArgument: Sendable, Hashable {
    /// The name shown in usage and help as `<name>`.
    let name: String
    /// The help text: what the argument is, in what unit or format.
    let help: String
    /// Whether parsing fails when the argument is absent.
    let isRequired: Bool
    /// Whether the argument takes every remaining positional value.
    let isVariadic: Bool

    /// Declares an argument that must be given.
    static func required(_ name: String, help: String) -> CommandArgument {
        CommandArgument(name: name, help: help, isRequired: true, isVariadic: false)
    }

    /// Declares an argument that may be left out.
    static func optional(_ name: String, help: String) -> CommandArgument {
        CommandArgument(name: name, help: help, isRequired: false, isVariadic: false)
    }

    /// Declares the last argument, which takes zero or more values, or at least one when
    /// `isRequired` is true.
    static func variadic(_ name: String, help: String, isRequired: Bool = false) -> CommandArgument {
        CommandArgument(name: name, help: help, isRequired: isRequired, isVariadic: true)
    }

    /// The spelling used in usage lines and messages, such as `<event-type>`.
    var displayName: String { "<" + name + ">" }
}
