/// Builds the `--help` text of a command from its declaration.
///
/// The layout follows swift-argument-parser's: OVERVIEW, the discussion, USAGE, then
/// ARGUMENTS, OPTIONS, SUBCOMMANDS and ENVIRONMENT sections with descriptions in a
/// column, wrapped at 80 characters.
struct HelpFormatter: Sendable {
    private let width = 80
    private let labelWidth = 24

    /// Builds the complete help text of `command`, selected by the words in `path`.
    func help(for command: any Command, path: [String]) -> String {
        var sections: [String] = []
        sections.append(wrap("OVERVIEW: " + command.abstract, indent: ""))
        if !command.discussion.isEmpty {
            sections.append(formatDiscussion(command.discussion))
        }
        sections.append(usage(for: command, path: path))

        if !command.arguments.isEmpty {
            let rows = command.arguments.map { argument in
                (argument.displayName + (argument.isVariadic ? " ..." : ""), argument.help)
            }
            sections.append("ARGUMENTS:\n" + formatRows(rows))
        }

        var optionRows = command.options.map { (label(for: $0), describe($0)) }
        if path.count == 1 {
            optionRows.append(("--version", "Print the version of bb and exit."))
        }
        optionRows.append(("-h, --help", "Show this help and exit."))
        sections.append("OPTIONS:\n" + formatRows(optionRows))

        if !command.subcommands.isEmpty {
            let rows = command.subcommands.map { ($0.name, $0.abstract) }
            sections.append("SUBCOMMANDS:\n" + formatRows(rows))
        }
        if !command.environmentVariables.isEmpty {
            let rows = command.environmentVariables.map { ($0.name, $0.help) }
            sections.append("ENVIRONMENT:\n" + formatRows(rows))
        }
        if !command.subcommands.isEmpty {
            let hint = "Run '\(path.joined(separator: " ")) <subcommand> --help' for the options of a subcommand."
            sections.append(wrap(hint, indent: ""))
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// Builds the `USAGE:` line of `command`, wrapped to the help width.
    func usage(for command: any Command, path: [String]) -> String {
        var parts = [path.joined(separator: " ")]
        if !command.subcommands.isEmpty {
            parts.append("<subcommand>")
        }
        for option in command.options {
            parts.append(usageFragment(for: option))
        }
        for argument in command.arguments {
            var fragment = argument.displayName
            if argument.isVariadic { fragment += " ..." }
            parts.append(argument.isRequired ? fragment : "[" + fragment + "]")
        }
        // Wrap between fragments, never inside one such as "[--timeout <seconds>]".
        let prefix = "USAGE: "
        let indent = String(repeating: " ", count: prefix.count)
        var lines: [String] = []
        var line = prefix + parts[0]
        for part in parts.dropFirst() {
            if line.count + 1 + part.count > width {
                lines.append(line)
                line = indent + part
            } else {
                line += " " + part
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    private func usageFragment(for option: CommandOption) -> String {
        switch option.kind {
        case .flag:
            return "[" + option.displayName + "]"
        case .value:
            let fragment = option.displayName + " <" + option.valueName + ">"
            return option.isRequired ? fragment : "[" + fragment + "]"
        case .repeatable:
            let fragment = option.displayName + " <" + option.valueName + ">"
            return option.isRequired ? fragment + " ..." : "[" + fragment + " ...]"
        }
    }

    private func label(for option: CommandOption) -> String {
        var label = ""
        if let shortName = option.shortName {
            label = "-\(shortName), "
        }
        label += option.displayName
        switch option.kind {
        case .flag: break
        case .value, .repeatable: label += " <" + option.valueName + ">"
        }
        return label
    }

    private func describe(_ option: CommandOption) -> String {
        var text = option.help
        if option.kind == .repeatable {
            text += " May be repeated."
        }
        if option.isRequired {
            text += " (required)"
        } else if let defaultValue = option.defaultValue {
            text += " (default: \(defaultValue))"
        }
        return text
    }

    /// Formats label and description pairs as a two-column list indented by two spaces.
    /// A label too long for its column puts the description on the next line.
    private func formatRows(_ rows: [(String, String)]) -> String {
        let descriptionIndent = String(repeating: " ", count: labelWidth + 2)
        var lines: [String] = []
        for (label, description) in rows {
            let wrapped = wrapLines(description, width: width - descriptionIndent.count)
            let head = "  " + label
            var rest = wrapped[...]
            if head.count < descriptionIndent.count - 1, let first = rest.popFirst() {
                lines.append(head + String(repeating: " ", count: descriptionIndent.count - head.count) + first)
            } else {
                lines.append(head)
            }
            lines.append(contentsOf: rest.map { descriptionIndent + $0 })
        }
        return lines.joined(separator: "\n")
    }

    /// Wraps each paragraph of a discussion. Paragraphs that start with a space are kept
    /// as written, so that examples and lists keep their layout.
    private func formatDiscussion(_ text: String) -> String {
        paragraphs(of: text).map { paragraph in
            if paragraph.hasPrefix(" ") { return paragraph }
            let joined = paragraph.split(separator: "\n").joined(separator: " ")
            return wrap(joined, indent: "")
        }.joined(separator: "\n\n")
    }

    /// Wraps `text` to the help width; lines after the first start with `indent`.
    private func wrap(_ text: String, indent: String) -> String {
        let lines = wrapLines(text, width: width - indent.count)
        return lines.enumerated().map { $0.offset == 0 ? $0.element : indent + $0.element }
            .joined(separator: "\n")
    }

    /// Splits `text` into lines of at most `width` characters at spaces. A word longer
    /// than `width` gets a line of its own.
    private func wrapLines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count > width {
                lines.append(line)
                line = String(word)
            } else {
                line += " " + word
            }
        }
        lines.append(line)
        return lines
    }

    /// Splits text into paragraphs at blank lines.
    private func paragraphs(of text: String) -> [String] {
        var paragraphs: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
        return paragraphs
    }
}
