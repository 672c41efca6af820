import Foundation
import Testing

import Bloodbank
import BloodbankCatalog

/// Guards the committed schema export in `schemas/` against breaking changes.
///
/// A payload change that breaks existing peers must come as a new versioned type, such
/// as `name.v2`, while the old type stays as it was. The comparison then shows only an
/// added type. After an intended change, refresh the export with
/// `swift run bb schema export schemas`.
@Suite("Schema snapshot")
struct SchemaSnapshotTests {
    static var snapshotDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("schemas")
    }

    static func snapshot() throws -> [String: JSONValue] {
        let directory = snapshotDirectory
        var schemas: [String: JSONValue] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".json") {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let schema = try JSONValue.parse([UInt8](data))
            schemas[schema["x-bloodbank-event-type"]?.stringValue ?? String(name.dropLast(5))] = schema
        }
        return schemas
    }

    static func current() throws -> [String: JSONValue] {
        var schemas: [String: JSONValue] = [:]
        for type in BloodbankCatalog.allEventTypes {
            schemas[type.eventType] = JSONSchema.document(for: try PayloadSchema(describing: type))
        }
        return schemas
    }

    @Test func catalogKeepsSnapshotCompatible() throws {
        let changes = SchemaDiff.changes(from: try Self.snapshot(), to: try Self.current())
        let breaking = changes.filter(\.isBreaking)
        #expect(
            breaking.isEmpty,
            "the catalog breaks the schemas in schemas/; add a versioned type instead:\n\(breaking.map(\.description).joined(separator: "\n"))"
        )
    }

    @Test func snapshotIsCurrent() throws {
        let snapshot = try Self.snapshot()
        let current = try Self.current()
        let stale = current.keys.filter { snapshot[$0] != current[$0] }.sorted()
        let extra = snapshot.keys.filter { current[$0] == nil }.sorted()
        #expect(stale.isEmpty, "schemas/ is out of date for \(stale); run 'swift run bb schema export schemas'")
        #expect(extra.isEmpty, "schemas/ has types the catalog lacks: \(extra); run 'swift run bb schema export schemas' in an empty schemas/")
    }
}
