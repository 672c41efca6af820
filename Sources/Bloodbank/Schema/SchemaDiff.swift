/// Compares two sets of exported payload schemas and classifies every change.
///
/// The schemas are the documents ``JSONSchema/document(for:)`` writes, keyed by event
/// type. The comparison follows the keywords that generator emits: `type`, `format`,
/// `enum`, `properties`, `required`, `additionalProperties`, `items`, `anyOf` with
/// `null` for optional fields, and the length, range, item-count and pattern keywords.
public enum SchemaDiff {
    /// Returns every change from `old` to `new`, sorted by event type and path.
    public static func changes(from old: [String: JSONValue], to new: [String: JSONValue]) -> [SchemaChange] {
        var changes: [SchemaChange] = []
        let removed = old.keys.filter { new[$0] == nil }.sorted()
        var added = Set(new.keys.filter { old[$0] == nil })
        for name in removed {
            let oldShape = old[name].map(shapeOnly)
            if let twin = added.sorted().first(where: { new[$0].map(shapeOnly) == oldShape }) {
                added.remove(twin)
                changes.append(SchemaChange(kind: .typeRenamed, eventType: name, path: "$", detail: "renamed to \(twin); bindings and consumers of \(name) no longer receive it"))
            } else {
                changes.append(SchemaChange(kind: .typeRemoved, eventType: name, path: "$", detail: "the event type is gone; keep it and add a versioned type such as \(name).v2 instead"))
            }
        }
        for name in added.sorted() {
            changes.append(SchemaChange(kind: .typeAdded, eventType: name, path: "$", detail: "new event type"))
        }
        for name in old.keys.sorted() {
            guard let oldSchema = old[name], let newSchema = new[name] else { continue }
            changes += self.changes(eventType: name, from: oldSchema, to: newSchema)
        }
        return changes
    }

    /// Returns every change between two versions of one event type's schema.
    public static func changes(eventType: String, from old: JSONValue, to new: JSONValue) -> [SchemaChange] {
        var walker = SchemaDiffWalker(eventType: eventType)
        let oldBinding = old["x-bloodbank-binding"]?.stringValue
        let newBinding = new["x-bloodbank-binding"]?.stringValue
        if let oldBinding, let newBinding, oldBinding != newBinding {
            walker.add(.routingChanged, "$", "binding \(oldBinding) -> \(newBinding)")
        }
        walker.compare(old, new, path: "$")
        return walker.changes
    }

    /// Returns the schema without names and annotations, to recognise a renamed type.
    private static func shapeOnly(_ schema: JSONValue) -> JSONValue {
        guard case .object(var object) = schema else { return schema }
        for key in ["title", "description", "examples", "x-bloodbank-event-type", "x-bloodbank-binding", "x-bloodbank-legacy-name", "x-bloodbank-swift-type"] {
            _ = object.removeValue(forKey: key)
        }
        return .object(object)
    }
}

/// Walks two schemas side by side and records their differences.
struct SchemaDiffWalker {
    let eventType: String
    private(set) var changes: [SchemaChange] = []

    init(eventType: String) {
        self.eventType = eventType
    }

    mutating func add(_ kind: SchemaChange.Kind, _ path: String, _ detail: String) {
        changes.append(SchemaChange(kind: kind, eventType: eventType, path: path, detail: detail))
    }

    /// Splits `anyOf: [schema, {"type": "null"}]` into the schema and whether null is allowed.
    private func unwrapNullable(_ schema: JSONValue) -> (schema: JSONValue, allowsNull: Bool) {
        guard let variants = schema["anyOf"]?.arrayValue else { return (schema, false) }
        let nonNull = variants.filter { $0["type"]?.stringValue != "null" }
        guard nonNull.count == 1, nonNull.count < variants.count else { return (schema, false) }
        return (nonNull[0], true)
    }

    mutating func compare(_ oldSchema: JSONValue, _ newSchema: JSONValue, path: String) {
        let (old, oldNull) = unwrapNullable(oldSchema)
        let (new, newNull) = unwrapNullable(newSchema)
        if oldNull && !newNull {
            add(.typeNarrowed, path, "null is no longer allowed")
        } else if !oldNull && newNull {
            add(.typeWidened, path, "null is now allowed")
        }
        if oldSchema["default"] != newSchema["default"], oldSchema["default"] != nil || newSchema["default"] != nil {
            add(.defaultChanged, path, "default \(text(oldSchema["default"])) -> \(text(newSchema["default"]))")
        }
        guard compareTypes(old, new, path: path) else { return }
        compareFormat(old, new, path: path)
        compareEnumerations(old, new, path: path)
        compareBounds(old, new, path: path)
        comparePattern(old, new, path: path)
        compareObjects(old, new, path: path)
        if let oldItems = old["items"], let newItems = new["items"] {
            compare(oldItems, newItems, path: path == "$" ? "[]" : path + "[]")
        } else if old["items"] != nil || new["items"] != nil {
            add(old["items"] == nil ? .typeNarrowed : .typeWidened, path + "[]", "element schema \(old["items"] == nil ? "added" : "removed")")
        }
    }

    /// Compares `type`; returns false when the types are unrelated, so that nothing
    /// inside is compared.
    private mutating func compareTypes(_ old: JSONValue, _ new: JSONValue, path: String) -> Bool {
        let oldType = old["type"]?.stringValue
        let newType = new["type"]?.stringValue
        switch (oldType, newType) {
        case (nil, nil):
            return true
        case (nil, let newType?):
            add(.typeNarrowed, path, "any JSON value -> \(newType)")
            return false
        case (let oldType?, nil):
            add(.typeWidened, path, "\(oldType) -> any JSON value")
            return false
        case (let oldType?, let newType?):
            if oldType == newType { return true }
            if oldType == "integer" && newType == "number" {
                add(.typeWidened, path, "integer -> number")
                return true
            }
            if oldType == "number" && newType == "integer" {
                add(.typeNarrowed, path, "number -> integer")
                return true
            }
            add(.typeChanged, path, "\(oldType) -> \(newType)")
            return false
        }
    }

    private mutating func compareFormat(_ old: JSONValue, _ new: JSONValue, path: String) {
        let oldFormat = old["format"]?.stringValue
        let newFormat = new["format"]?.stringValue
        guard oldFormat != newFormat else { return }
        switch (oldFormat, newFormat) {
        case (nil, let format?): add(.typeNarrowed, path, "format \(format) added")
        case (let format?, nil): add(.typeWidened, path, "format \(format) removed")
        default: add(.typeNarrowed, path, "format \(oldFormat ?? "") -> \(newFormat ?? "")")
        }
    }

    private mutating func compareEnumerations(_ old: JSONValue, _ new: JSONValue, path: String) {
        let oldValues = old["enum"]?.arrayValue
        let newValues = new["enum"]?.arrayValue
        switch (oldValues, newValues) {
        case (nil, nil):
            return
        case (nil, let values?):
            add(.enumNarrowed, path, "now limited to \(list(values))")
        case (_?, nil):
            add(.enumWidened, path, "no longer limited to a list of values")
        case (let oldValues?, let newValues?):
            let removed = oldValues.filter { !newValues.contains($0) }
            let added = newValues.filter { !oldValues.contains($0) }
            if !removed.isEmpty { add(.enumNarrowed, path, "values removed: \(list(removed))") }
            if !added.isEmpty { add(.enumWidened, path, "values added: \(list(added))") }
        }
    }

    /// Lower bounds that tighten when they grow, then upper bounds that tighten when they shrink.
    private static let lowerBounds = ["minimum", "exclusiveMinimum", "minLength", "minItems"]
    private static let upperBounds = ["maximum", "exclusiveMaximum", "maxLength", "maxItems"]

    private mutating func compareBounds(_ old: JSONValue, _ new: JSONValue, path: String) {
        for keyword in Self.lowerBounds + Self.upperBounds {
            let oldBound = old[keyword]?.doubleValue
            let newBound = new[keyword]?.doubleValue
            guard oldBound != newBound else { continue }
            let isLower = Self.lowerBounds.contains(keyword)
            let detail = "\(keyword) \(text(old[keyword])) -> \(text(new[keyword]))"
            switch (oldBound, newBound) {
            case (nil, _?):
                add(.constraintTightened, path, detail)
            case (_?, nil):
                add(.constraintLoosened, path, detail)
            case (let oldBound?, let newBound?):
                let tightened = isLower ? newBound > oldBound : newBound < oldBound
                add(tightened ? .constraintTightened : .constraintLoosened, path, detail)
            case (nil, nil):
                continue
            }
        }
        if old["uniqueItems"] != new["uniqueItems"] {
            let nowUnique = new["uniqueItems"]?.boolValue == true
            add(nowUnique ? .constraintTightened : .constraintLoosened, path, nowUnique ? "elements must now be distinct" : "elements may now repeat")
        }
    }

    private mutating func comparePattern(_ old: JSONValue, _ new: JSONValue, path: String) {
        let oldPattern = old["pattern"]?.stringValue
        let newPattern = new["pattern"]?.stringValue
        guard oldPattern != newPattern else { return }
        if newPattern == nil {
            add(.constraintLoosened, path, "pattern removed")
        } else {
            add(.constraintTightened, path, "pattern \(oldPattern ?? "none") -> \(newPattern ?? "")")
        }
    }

    private mutating func compareObjects(_ old: JSONValue, _ new: JSONValue, path: String) {
        let oldProperties = old["properties"]?.objectValue ?? JSONObject()
        let newProperties = new["properties"]?.objectValue ?? JSONObject()
        let oldRequired = Set((old["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        let newRequired = Set((new["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        for member in oldProperties {
            let fieldPath = path == "$" ? member.key : path + "." + member.key
            guard let newProperty = newProperties[member.key] else {
                add(.fieldRemoved, fieldPath, "field removed")
                continue
            }
            if !oldRequired.contains(member.key) && newRequired.contains(member.key) {
                add(.fieldBecameRequired, fieldPath, "optional -> required")
            } else if oldRequired.contains(member.key) && !newRequired.contains(member.key) {
                add(.fieldBecameOptional, fieldPath, "required -> optional")
            }
            compare(member.value, newProperty, path: fieldPath)
        }
        for member in newProperties where oldProperties[member.key] == nil {
            let fieldPath = path == "$" ? member.key : path + "." + member.key
            if newRequired.contains(member.key) {
                add(.requiredFieldAdded, fieldPath, "new required field; old producers do not send it")
            } else {
                add(.optionalFieldAdded, fieldPath, "new optional field")
            }
        }
        switch (old["additionalProperties"], new["additionalProperties"]) {
        case (let oldValue?, let newValue?) where oldValue.boolValue == nil && newValue.boolValue == nil:
            compare(oldValue, newValue, path: path == "$" ? "*" : path + ".*")
        case (let oldValue, let newValue):
            let oldForbids = oldValue?.boolValue == false
            let newForbids = newValue?.boolValue == false
            if !oldForbids && newForbids {
                add(.unknownFieldsForbidden, path, "unknown members are now rejected")
            } else if oldForbids && !newForbids {
                add(.unknownFieldsAllowed, path, "unknown members are now accepted")
            }
        }
    }

    private func text(_ value: JSONValue?) -> String {
        guard let value else { return "none" }
        return value.excerpt
    }

    private func list(_ values: [JSONValue]) -> String {
        values.map(\.excerpt).joined(separator: ", ")
    }
}
