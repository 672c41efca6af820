internal import Bloodbank
import Foundation

/// `bb schema diff OLD NEW`: every change between two schema exports, classified.
struct SchemaDiffCommand: Command {
    let name = "diff"
    let abstract = "Compare two schema directories and classify every change as additive or breaking."
    var discussion: String {
        """
        Reads every *.json file in both directories, as 'bb schema export' writes them, \
        and prints one line per change: 'breaking' or 'additive', the kind of change, \
        the event type and the payload path. Breaking changes are removed or renamed \
        types, removed fields, new required fields, and narrowed types, enumerations or \
        constraints. Exits 1 when any change is breaking, so it can gate a commit; a \
        breaking change belongs in a new versioned type such as name.v2.
        """
    }

    static let old = CommandArgument.required("old-dir", help: "The directory of the earlier export, such as schemas.")
    static let new = CommandArgument.required("new-dir", help: "The directory of the later export.")

    var arguments: [CommandArgument] { [Self.old, Self.new] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let old = try Self.load(context.absolutePath(arguments.argument(Self.old) ?? "."))
        let new = try Self.load(context.absolutePath(arguments.argument(Self.new) ?? "."))
        let changes = SchemaDiff.changes(from: old, to: new)
        for change in changes {
            context.print(change.description)
        }
        let breaking = changes.filter(\.isBreaking).count
        context.print("\(changes.count) change\(changes.count == 1 ? "" : "s"), \(breaking) breaking.")
        return breaking > 0 ? ExitStatus.failure : ExitStatus.success
    }

    /// Reads every `*.json` file of `directory`, keyed by its `x-bloodbank-event-type`
    /// or, without one, by its file name.
    static func load(_ directory: String) throws(CommandLineError) -> [String: JSONValue] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .failure("cannot list the schema directory \(directory): \(error.localizedDescription)")
        }
        var schemas: [String: JSONValue] = [:]
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = directory + "/" + name
            let text = try FileSystem.readText(path)
            let schema: JSONValue
            do {
                schema = try JSONValue.parse(text)
            } catch {
                throw .failure("\(path) is not valid JSON: \(error)")
            }
            let eventType = schema["x-bloodbank-event-type"]?.stringValue ?? String(name.dropLast(".json".count))
            schemas[eventType] = schema
        }
        return schemas
    }
}
