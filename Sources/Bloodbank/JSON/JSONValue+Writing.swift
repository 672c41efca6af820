extension JSONValue {
    /// Returns the compact UTF-8 JSON text of this value.
    ///
    /// - Throws: ``JSONWriteError`` when the value contains NaN or an infinity.
    public func serialized() throws(JSONWriteError) -> [UInt8] {
        let writer = JSONWriter()
        try write(to: writer)
        return writer.bytes
    }

    /// Appends the compact UTF-8 JSON text of this value to `buffer`.
    ///
    /// Strings escape `"`, `\` and the control characters U+0000 to U+001F: `\b`, `\f`,
    /// `\n`, `\r` and `\t` in their short forms, the others as `\u00XX`. Non-ASCII
    /// characters stay UTF-8 and `/` is not escaped. Doubles are written in the
    /// shortest form that reads back to the same value, formatted as Python's
    /// `float.__repr__` formats them, so `1.0` keeps its `.0` and `1e+16` its exponent.
    /// Object members keep their order.
    ///
    /// - Throws: ``JSONWriteError`` when the value contains NaN or an infinity. The
    ///   buffer then contains a partial document.
    public func write(to buffer: inout [UInt8]) throws(JSONWriteError) {
        let writer = JSONWriter()
        defer { writer.appendBytes(to: &buffer) }
        try write(to: writer)
    }

    /// Appends the compact JSON text of this value to `writer`, formatted as the
    /// `[UInt8]` overload describes.
    func write(to writer: JSONWriter) throws(JSONWriteError) {
        switch self {
        case .null:
            writer.appendASCII("null")
        case .bool(let bool):
            writer.appendASCII(bool ? "true" : "false")
        case .int(let int):
            writer.appendInteger(int)
        case .double(let double):
            guard writer.appendDouble(double) else {
                throw JSONWriteError(code: .nonFiniteNumber, path: .root)
            }
        case .string(let string):
            writer.appendQuoted(string)
        case .array(let elements):
            writer.append(UInt8(ascii: "["))
            for index in elements.indices {
                if index > 0 {
                    writer.append(UInt8(ascii: ","))
                }
                do {
                    try elements[index].write(to: writer)
                } catch {
                    throw error.nested(in: .index(index))
                }
            }
            writer.append(UInt8(ascii: "]"))
        case .object(let object):
            try object.write(to: writer)
        }
    }
}

extension JSONObject {
    /// Appends the compact UTF-8 JSON text of this object, members in order.
    ///
    /// - Throws: ``JSONWriteError`` when a value contains NaN or an infinity.
    public func write(to buffer: inout [UInt8]) throws(JSONWriteError) {
        let writer = JSONWriter()
        defer { writer.appendBytes(to: &buffer) }
        try write(to: writer)
    }

    /// Appends the compact JSON text of this object to `writer`, members in order.
    func write(to writer: JSONWriter) throws(JSONWriteError) {
        writer.append(UInt8(ascii: "{"))
        for index in members.indices {
            if index > 0 {
                writer.append(UInt8(ascii: ","))
            }
            writer.appendQuoted(members[index].key)
            writer.append(UInt8(ascii: ":"))
            do {
                try members[index].value.write(to: writer)
            } catch {
                throw error.nested(in: .key(members[index].key))
            }
        }
        writer.append(UInt8(ascii: "}"))
    }
}

extension JSONWriteError {
    /// Returns this error with `component` put in front of its path, as the error
    /// travels out of a container.
    func nested(in component: JSONPath.Component) -> JSONWriteError {
        var copy = self
        copy.path.components.insert(component, at: 0)
        return copy
    }
}
