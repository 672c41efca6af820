extension JSONValue {
    /// Returns the JSON text of this value with two-space indentation and one member or
    /// element per line, for output that people read, such as `bb show`.
    ///
    /// Scalars are written as ``serialized()`` writes them, so integers stay exact.
    ///
    /// - Throws: ``JSONWriteError`` when the value contains NaN or an infinity.
    public func indentedText() throws(JSONWriteError) -> String {
        var text = ""
        try appendIndented(to: &text, level: 0)
        return text
    }

    private func appendIndented(to text: inout String, level: Int) throws(JSONWriteError) {
        let inner = String(repeating: "  ", count: level + 1)
        let outer = String(repeating: "  ", count: level)
        switch self {
        case .array(let elements) where !elements.isEmpty:
            text += "[\n"
            for (index, element) in elements.enumerated() {
                text += inner
                do {
                    try element.appendIndented(to: &text, level: level + 1)
                } catch {
                    throw error.nested(in: .index(index))
                }
                text += index < elements.count - 1 ? ",\n" : "\n"
            }
            text += outer + "]"
        case .object(let object) where !object.isEmpty:
            text += "{\n"
            for (index, member) in object.enumerated() {
                text += inner + String(decoding: try JSONValue.string(member.key).serialized(), as: UTF8.self) + ": "
                do {
                    try member.value.appendIndented(to: &text, level: level + 1)
                } catch {
                    throw error.nested(in: .key(member.key))
                }
                text += index < object.count - 1 ? ",\n" : "\n"
            }
            text += outer + "}"
        default:
            text += String(decoding: try serialized(), as: UTF8.self)
        }
    }
}
