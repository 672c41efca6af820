/// The options and positional arguments of one invocation, after parsing and checking.
///
/// Look values up with the same ``CommandOption`` and ``CommandArgument`` constants that
/// the command declares. The typed accessors (``integer(_:in:)``, ``duration(_:in:)``)
/// throw a usage error naming the option, so a bad value exits 64 like any other usage
/// error.
struct ParsedArguments: Sendable {
    private var flags: Set<String> = []
    private var optionValues: [String: [String]] = [:]
    private var defaults: [String: String] = [:]
    private var argumentValues: [String: [String]] = [:]

    init(options: [CommandOption]) {
        for option in options {
            if let defaultValue = option.defaultValue {
                defaults[option.name] = defaultValue
            }
        }
    }

    mutating func setFlag(_ option: CommandOption) {
        flags.insert(option.name)
    }

    mutating func appendValue(_ value: String, for option: CommandOption) {
        optionValues[option.name, default: []].append(value)
    }

    mutating func appendArgument(_ value: String, for argument: CommandArgument) {
        argumentValues[argument.name, default: []].append(value)
    }

    /// Returns whether a flag was given.
    func isSet(_ option: CommandOption) -> Bool {
        flags.contains(option.name)
    }

    /// Returns whether an option was given on the command line, as opposed to taking its default.
    func isGiven(_ option: CommandOption) -> Bool {
        flags.contains(option.name) || optionValues[option.name] != nil
    }

    /// Returns the value of a single-value option, or its default, or `nil` when it has neither.
    func value(_ option: CommandOption) -> String? {
        optionValues[option.name]?.last ?? defaults[option.name]
    }

    /// Returns every value of a repeatable option, in command-line order.
    func values(_ option: CommandOption) -> [String] {
        optionValues[option.name] ?? []
    }

    /// Returns the value of a positional argument, or `nil` when it was left out.
    func argument(_ argument: CommandArgument) -> String? {
        argumentValues[argument.name]?.first
    }

    /// Returns every value of a variadic argument, in command-line order.
    func arguments(_ argument: CommandArgument) -> [String] {
        argumentValues[argument.name] ?? []
    }

    /// Parses the option's value (or default) as a whole number within `range`.
    ///
    /// - Throws: A usage error when the value is not a decimal integer inside `range`.
    func integer(_ option: CommandOption, in range: ClosedRange<Int>) throws(CommandLineError) -> Int? {
        guard let text = value(option) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw .usage(
                "invalid value '\(text)' for \(option.displayName): expected an integer from "
                    + "\(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// Parses the option's value (or default) as a number of seconds within `range`, such as `2.5`.
    ///
    /// - Throws: A usage error when the value is not a decimal number of seconds inside `range`.
    func duration(_ option: CommandOption, in range: ClosedRange<Double>) throws(CommandLineError) -> Duration? {
        guard let text = value(option) else { return nil }
        guard let seconds = Double(text), seconds.isFinite, range.contains(seconds) else {
            throw .usage(
                "invalid value '\(text)' for \(option.displayName): expected a number of seconds from "
                    + "\(formatSeconds(range.lowerBound)) to \(formatSeconds(range.upperBound))")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    private func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
