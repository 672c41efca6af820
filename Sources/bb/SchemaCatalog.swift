internal import Bloodbank

/// The payload schemas, schema documents and examples of the registered event types,
/// shared by `bb show`, `bb list-events`, `bb schema` and `bb publish --example`.
enum SchemaCatalog {
    /// Describes every registered type, sorted by event type.
    static func schemas(_ registry: EventRegistry) throws(CommandLineError) -> [PayloadSchema] {
        var schemas: [PayloadSchema] = []
        for entry in registry.entries {
            schemas.append(try schema(entry))
        }
        return schemas
    }

    /// Describes one registered type.
    static func schema(_ entry: EventRegistry.Entry) throws(CommandLineError) -> PayloadSchema {
        do {
            return try PayloadSchema(describing: entry.payloadType)
        } catch {
            throw .failure("cannot describe the payload of \(entry.eventType): \(error)")
        }
    }

    /// Returns the registry entry for a name, a template or a concrete routing key.
    static func entry(_ eventType: String, in registry: EventRegistry) throws(CommandLineError) -> EventRegistry.Entry {
        guard let entry = registry.entry(forRoutingKey: eventType) else {
            throw .failure("unknown event type '\(eventType)'; 'bb list-events' lists the registered types")
        }
        return entry
    }

    /// Returns the text of `value` with two-space indentation.
    static func indented(_ value: JSONValue) throws(CommandLineError) -> String {
        do {
            return try value.indentedText()
        } catch {
            throw .failure("cannot write the JSON output: \(error)")
        }
    }

    /// Returns the compact text of `value`.
    static func compact(_ value: JSONValue) throws(CommandLineError) -> String {
        do {
            return String(decoding: try value.serialized(), as: UTF8.self)
        } catch {
            throw .failure("cannot write the JSON output: \(error)")
        }
    }
}
