extension EventEnvelope {
    /// Top-level keys that the writer produces itself or must never produce, so an
    /// extra field with one of these names is not written.
    static let reservedKeys: Set<String> = [
        "event_id", "event_type", "timestamp", "version", "source", "correlation_ids", "agent_context", "payload",
        "correlation_id", "causation_id",
    ]

    /// Returns the canonical UTF-8 JSON body of this envelope.
    ///
    /// - Throws: ``EnvelopeError`` with code ``EnvelopeError/Code/unwritableValue`` when
    ///   the payload, `source.meta`, `agent_context.meta` or an extra field contains
    ///   NaN or an infinity.
    public func encoded() throws(EnvelopeError) -> [UInt8] {
        let writer = JSONWriter(capacity: 512 + payloadStorage.textCount)
        try write(to: writer)
        return writer.bytes
    }

    /// Appends the canonical UTF-8 JSON body of this envelope to `buffer`.
    ///
    /// The output is compact dialect A with every key present, in this order:
    /// `event_id`, `event_type`, `timestamp`, `version`, `source` (`host`, `type`,
    /// `app`, `meta`), `correlation_ids`, `agent_context`, `payload`, then the extra
    /// fields in their order. Absent optional values are written as `null`, the id
    /// and correlation ids in lower case, and the timestamp in UTC with microseconds
    /// and `Z`. An extra field that reuses a canonical or dialect B key is skipped.
    ///
    /// - Throws: ``EnvelopeError`` as ``encoded()`` does; `buffer` then contains a
    ///   partial document.
    public func encode(into buffer: inout [UInt8]) throws(EnvelopeError) {
        let writer = JSONWriter(capacity: 512 + payloadStorage.textCount)
        defer { writer.appendBytes(to: &buffer) }
        try write(to: writer)
    }

    /// Writes the canonical body, as ``encode(into:)`` describes.
    func write(to writer: JSONWriter) throws(EnvelopeError) {
        writer.appendASCII("{\"event_id\":\"")
        writer.appendLowercasedText(of: eventID)
        writer.appendASCII("\",\"event_type\":")
        writer.appendQuoted(eventType)
        writer.appendASCII(",\"timestamp\":\"")
        writer.appendRFC3339(of: timestamp)
        writer.appendASCII("\",\"version\":")
        writer.appendQuoted(version)

        writer.appendASCII(",\"source\":{\"host\":")
        writer.appendQuoted(source.host)
        writer.appendASCII(",\"type\":")
        writer.appendQuoted(source.type.rawValue)
        writer.appendASCII(",\"app\":")
        Self.writeOptionalString(source.app, to: writer)
        writer.appendASCII(",\"meta\":")
        try Self.writeOptionalObject(source.meta, at: JSONPath([.key("source"), .key("meta")]), to: writer)

        writer.appendASCII("},\"correlation_ids\":[")
        for index in correlationIDs.indices {
            if index > 0 {
                writer.append(UInt8(ascii: ","))
            }
            writer.append(UInt8(ascii: "\""))
            writer.appendLowercasedText(of: correlationIDs[index])
            writer.append(UInt8(ascii: "\""))
        }
        writer.appendASCII("],\"agent_context\":")
        if let agentContext {
            try agentContext.write(to: writer)
        } else {
            writer.appendASCII("null")
        }

        writer.appendASCII(",\"payload\":")
        try payloadStorage.write(to: writer)

        for member in extraFields where !Self.reservedKeys.contains(member.key) {
            writer.append(UInt8(ascii: ","))
            writer.appendQuoted(member.key)
            writer.append(UInt8(ascii: ":"))
            do {
                try member.value.write(to: writer)
            } catch {
                throw .unwritable(error, under: JSONPath([.key(member.key)]))
            }
        }
        writer.append(UInt8(ascii: "}"))
    }

    /// The canonical form as a JSON tree, with the same keys and order as ``encoded()``.
    public var jsonValue: JSONValue {
        var source = JSONObject(minimumCapacity: 4)
        source.appendNew(key: "host", value: .string(self.source.host))
        source.appendNew(key: "type", value: .string(self.source.type.rawValue))
        source.appendNew(key: "app", value: self.source.app.map(JSONValue.string) ?? .null)
        source.appendNew(key: "meta", value: self.source.meta.map(JSONValue.object) ?? .null)

        var object = JSONObject(minimumCapacity: 8 + extraFields.count)
        object.appendNew(key: "event_id", value: .string(eventID.lowercasedText))
        object.appendNew(key: "event_type", value: .string(eventType))
        object.appendNew(key: "timestamp", value: .string(timestamp.rfc3339String))
        object.appendNew(key: "version", value: .string(version))
        object.appendNew(key: "source", value: .object(source))
        object.appendNew(key: "correlation_ids", value: .array(correlationIDs.map { .string($0.lowercasedText) }))
        object.appendNew(key: "agent_context", value: agentContext?.jsonValue ?? .null)
        object.appendNew(key: "payload", value: payload)
        for member in extraFields where !Self.reservedKeys.contains(member.key) {
            object.appendNew(key: member.key, value: member.value)
        }
        return .object(object)
    }

    static func writeOptionalString(_ string: String?, to writer: JSONWriter) {
        if let string {
            writer.appendQuoted(string)
        } else {
            writer.appendASCII("null")
        }
    }

    static func writeOptionalObject(
        _ object: JSONObject?,
        at path: @autoclosure () -> JSONPath,
        to writer: JSONWriter
    ) throws(EnvelopeError) {
        guard let object else {
            writer.appendASCII("null")
            return
        }
        do {
            try object.write(to: writer)
        } catch {
            throw .unwritable(error, under: path())
        }
    }
}

extension AgentContext {
    /// The canonical `agent_context` object with every key, absent values as null.
    public var jsonValue: JSONValue {
        func optional(_ strings: [String]?) -> JSONValue {
            strings.map { .array($0.map(JSONValue.string)) } ?? .null
        }
        var object = JSONObject(minimumCapacity: 10)
        object.appendNew(key: "type", value: .string(type.rawValue))
        object.appendNew(key: "name", value: name.map(JSONValue.string) ?? .null)
        object.appendNew(key: "system_prompt", value: systemPrompt.map(JSONValue.string) ?? .null)
        object.appendNew(key: "instance_id", value: instanceID.map(JSONValue.string) ?? .null)
        object.appendNew(key: "mcp_servers", value: optional(mcpServers))
        object.appendNew(key: "file_references", value: optional(fileReferences))
        object.appendNew(key: "url_references", value: optional(urlReferences))
        object.appendNew(key: "code_state", value: codeState?.jsonValue ?? .null)
        object.appendNew(key: "checkpoint_id", value: checkpointID.map(JSONValue.string) ?? .null)
        object.appendNew(key: "meta", value: meta.map(JSONValue.object) ?? .null)
        return .object(object)
    }

    func write(to writer: JSONWriter) throws(EnvelopeError) {
        do {
            try jsonValue.write(to: writer)
        } catch {
            throw .unwritable(error, under: JSONPath([.key("agent_context")]))
        }
    }
}

extension CodeState {
    /// The canonical `code_state` object with every key, absent values as null.
    public var jsonValue: JSONValue {
        var object = JSONObject(minimumCapacity: 5)
        object.appendNew(key: "repo_url", value: repoURL.map(JSONValue.string) ?? .null)
        object.appendNew(key: "branch", value: branch.map(JSONValue.string) ?? .null)
        object.appendNew(key: "working_diff", value: workingDiff.map(JSONValue.string) ?? .null)
        object.appendNew(key: "branch_diff", value: branchDiff.map(JSONValue.string) ?? .null)
        object.appendNew(key: "last_commit_hash", value: lastCommitHash.map(JSONValue.string) ?? .null)
        return .object(object)
    }
}
