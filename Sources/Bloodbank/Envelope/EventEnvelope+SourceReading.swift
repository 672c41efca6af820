extension EventEnvelope {
    /// Reads `source` as an object (dialect A or B) or as an `app/host` string.
    static func readSource(_ value: JSONValue, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> EventSource {
        switch value {
        case .string(let text):
            return sourceFromString(text)
        case .object(let object):
            return try sourceFromObject(object, at: path())
        case .null, .bool, .int, .double, .array:
            throw .invalid(path(), expected: "an object or a string", found: value)
        }
    }

    static func sourceFromString(_ text: String) -> EventSource {
        guard let slash = text.firstIndex(of: "/") else {
            return EventSource(host: EventSource.unknownHost, type: .manual, app: text.isEmpty ? nil : text)
        }
        let app = String(text[..<slash])
        let host = String(text[text.index(after: slash)...])
        return EventSource(
            host: host.isEmpty ? EventSource.unknownHost : host,
            type: .manual,
            app: app.isEmpty ? nil : app
        )
    }

    static func sourceFromObject(_ object: JSONObject, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> EventSource {
        var host: String?
        var type: TriggerType?
        var dialectBType: TriggerType?
        var app: String?
        var meta: JSONObject?
        for member in object {
            let value = member.value
            switch member.key {
            case "host":
                host = try readOptionalString(value, at: path().appending(key: "host"))
            case "type":
                if let raw = try readOptionalString(value, at: path().appending(key: "type")) {
                    type = TriggerType(rawValue: raw)
                }
            case "trigger_type":
                if let raw = try readOptionalString(value, at: path().appending(key: "trigger_type")) {
                    dialectBType = TriggerType(dialectBTriggerType: raw)
                }
            case "app":
                app = try readOptionalString(value, at: path().appending(key: "app"))
            case "meta":
                meta = try readOptionalObject(value, at: path().appending(key: "meta"))
            default:
                // Pydantic ignores unknown keys inside `source`, and so does this reader.
                break
            }
        }
        guard let resolvedType = type ?? dialectBType else {
            throw .missing(path().appending(key: "type"), expected: "a trigger type string such as \"manual\"")
        }
        let resolvedHost: String
        if let host {
            resolvedHost = host
        } else if dialectBType != nil {
            resolvedHost = EventSource.unknownHost
        } else {
            throw .missing(path().appending(key: "host"), expected: "a string")
        }
        return EventSource(host: resolvedHost, type: resolvedType, app: app, meta: meta)
    }

    /// Reads `agent_context`, which may be null.
    static func readAgentContext(_ value: JSONValue, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> AgentContext? {
        guard let object = try readOptionalObject(value, at: path()) else { return nil }
        let contextPath = path()
        var type: AgentType?
        var context = AgentContext(type: .custom)
        for member in object {
            let value = member.value
            switch member.key {
            case "type":
                type = AgentType(rawValue: try readString(value, at: contextPath.appending(key: "type")))
            case "name":
                context.name = try readOptionalString(value, at: contextPath.appending(key: "name"))
            case "system_prompt":
                context.systemPrompt = try readOptionalString(value, at: contextPath.appending(key: "system_prompt"))
            case "instance_id":
                context.instanceID = try readOptionalString(value, at: contextPath.appending(key: "instance_id"))
            case "mcp_servers":
                context.mcpServers = try readOptionalStringArray(value, at: contextPath.appending(key: "mcp_servers"))
            case "file_references":
                context.fileReferences = try readOptionalStringArray(value, at: contextPath.appending(key: "file_references"))
            case "url_references":
                context.urlReferences = try readOptionalStringArray(value, at: contextPath.appending(key: "url_references"))
            case "code_state":
                context.codeState = try readCodeState(value, at: contextPath.appending(key: "code_state"))
            case "checkpoint_id":
                context.checkpointID = try readOptionalString(value, at: contextPath.appending(key: "checkpoint_id"))
            case "meta":
                context.meta = try readOptionalObject(value, at: contextPath.appending(key: "meta"))
            default:
                break
            }
        }
        guard let type else {
            throw .missing(contextPath.appending(key: "type"), expected: "an agent type string such as \"claude-code\"")
        }
        context.type = type
        return context
    }

    static func readCodeState(_ value: JSONValue, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> CodeState? {
        guard let object = try readOptionalObject(value, at: path()) else { return nil }
        var state = CodeState()
        for member in object {
            let value = member.value
            switch member.key {
            case "repo_url":
                state.repoURL = try readOptionalString(value, at: path().appending(key: "repo_url"))
            case "branch":
                state.branch = try readOptionalString(value, at: path().appending(key: "branch"))
            case "working_diff":
                state.workingDiff = try readOptionalString(value, at: path().appending(key: "working_diff"))
            case "branch_diff":
                state.branchDiff = try readOptionalString(value, at: path().appending(key: "branch_diff"))
            case "last_commit_hash":
                state.lastCommitHash = try readOptionalString(value, at: path().appending(key: "last_commit_hash"))
            default:
                break
            }
        }
        return state
    }
}
