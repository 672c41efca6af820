/// Splits a command line into the command it selects and that command's options and arguments.
///
/// Grammar: words select subcommands until a command without subcommands is reached.
/// After that, `--name value`, `--name=value`, `-n value`, flags, repeatable options and
/// positional arguments may come in any order. `--` ends the options, so every later word
/// is positional. `-h` or `--help` anywhere before `--` selects the help of the
/// command reached so far. `--version` is accepted before the first subcommand only.
struct CommandLineParser: Sendable {
    /// The action that a command line requests.
    enum Invocation {
        /// Run `command` with the parsed `arguments`.
        case run(command: any Command, path: [String], arguments: ParsedArguments)
        /// Print the help of `command`.
        case help(command: any Command, path: [String])
        /// Print the version.
        case version
    }

    /// A usage error, with the words of the command it concerns, for the help hint.
    struct Failure: Error {
        /// The usage error to report.
        let error: CommandLineError
        /// The command whose help the hint points at, such as `["bb", "broker"]`.
        let path: [String]
    }

    /// The root command, `bb`.
    let root: any Command

    /// Parses `words`, the command line without the program name.
    func parse(_ words: [String]) throws(Failure) -> Invocation {
        var command = root
        var path = [root.name]
        var index = 0

        while !command.subcommands.isEmpty {
            guard index < words.count else {
                let names = command.subcommands.map(\.name).joined(separator: ", ")
                throw Failure(error: .usage("missing subcommand; expected one of: \(names)"), path: path)
            }
            let word = words[index]
            index += 1

            if word == "-h" || word == "--help" {
                return .help(command: command, path: path)
            }
            if word == "--version" && path.count == 1 {
                return .version
            }
            let commandLine = path.joined(separator: " ")
            if word.hasPrefix("-") {
                throw Failure(error: .usage("unknown option '\(word)' for '\(commandLine)'"), path: path)
            }
            guard let subcommand = command.subcommands.first(where: { $0.name == word }) else {
                throw Failure(error: .usage("unknown subcommand '\(word)' for '\(commandLine)'"), path: path)
            }
            command = subcommand
            path.append(subcommand.name)
        }

        let rest = Array(words[index...])
        if Self.asksForHelp(rest) {
            return .help(command: command, path: path)
        }
        do {
            let arguments = try Self.parseLeaf(rest, command: command, path: path)
            return .run(command: command, path: path, arguments: arguments)
        } catch {
            throw Failure(error: error, path: path)
        }
    }

    private static func asksForHelp(_ words: [String]) -> Bool {
        for word in words {
            if word == "--" { return false }
            if word == "-h" || word == "--help" { return true }
        }
        return false
    }

    private static func parseLeaf(
        _ words: [String],
        command: any Command,
        path: [String]
    ) throws(CommandLineError) -> ParsedArguments {
        var parsed = ParsedArguments(options: command.options)
        var positionals: [String] = []
        var index = 0
        var optionsEnded = false

        while index < words.count {
            let word = words[index]
            index += 1

            if optionsEnded || word == "-" || !word.hasPrefix("-") || looksLikeNegativeNumber(word) {
                positionals.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }

            // Split "--name=value" into the name and an inline value.
            var spelling = word
            var inlineValue: String? = nil
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                spelling = String(word[..<equals])
                inlineValue = String(word[word.index(after: equals)...])
            }
            guard let option = findOption(spelling, in: command.options) else {
                throw .usage("unknown option '\(spelling)' for '\(path.joined(separator: " "))'")
            }

            switch option.kind {
            case .flag:
                if inlineValue != nil {
                    throw .usage("option '\(option.displayName)' does not take a value")
                }
                parsed.setFlag(option)
            case .value, .repeatable:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < words.count, !isOptionLike(words[index]) {
                    value = words[index]
                    index += 1
                } else {
                    throw .usage("missing value for option '\(option.displayName)'")
                }
                if option.kind == .value && parsed.isGiven(option) {
                    throw .usage("option '\(option.displayName)' given more than once")
                }
                parsed.appendValue(value, for: option)
            }
        }

        for option in command.options where option.isRequired && !parsed.isGiven(option) {
            throw .usage("missing required option '\(option.displayName)'")
        }
        try assignPositionals(positionals, to: command.arguments, in: &parsed)
        return parsed
    }

    private static func assignPositionals(
        _ positionals: [String],
        to declared: [CommandArgument],
        in parsed: inout ParsedArguments
    ) throws(CommandLineError) {
        var remaining = positionals[...]
        for argument in declared {
            if argument.isVariadic {
                if argument.isRequired && remaining.isEmpty {
                    throw .usage("missing required argument '\(argument.displayName)'")
                }
                for value in remaining { parsed.appendArgument(value, for: argument) }
                remaining = []
            } else if let value = remaining.popFirst() {
                parsed.appendArgument(value, for: argument)
            } else if argument.isRequired {
                throw .usage("missing required argument '\(argument.displayName)'")
            }
        }
        if let extra = remaining.first {
            throw .usage("unexpected argument '\(extra)'")
        }
    }

    private static func findOption(_ spelling: String, in options: [CommandOption]) -> CommandOption? {
        if spelling.hasPrefix("--") {
            let name = spelling.dropFirst(2)
            return options.first { $0.name == name }
        }
        guard spelling.count == 2, let letter = spelling.last else { return nil }
        return options.first { $0.shortName == letter }
    }

    /// Returns whether a word after a value option is another option rather than its value.
    /// Negative numbers and a lone `-` (standard input by convention) count as values.
    private static func isOptionLike(_ word: String) -> Bool {
        word.hasPrefix("-") && word != "-" && !looksLikeNegativeNumber(word)
    }

    private static func looksLikeNegativeNumber(_ word: String) -> Bool {
        word.hasPrefix("-") && Double(word) != nil
    }
}
