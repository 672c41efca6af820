#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension EventEnvelope {
    /// Reads an envelope straight from its bytes, without a tree of its top level, or
    /// returns nil for the tree reader to handle.
    ///
    /// Ids and timestamps are parsed from their bytes, and top-level keys are matched
    /// as bytes, so the common envelope costs no tree, no key strings and no strings
    /// for its ids. Only input that the tree reader accepts is read here: an object
    /// whose keys are plain ASCII strings, none of the contract's keys repeated, every
    /// field valid, and ids and timestamps written as plain strings. For anything
    /// else this returns nil, and ``decode(_:)`` parses the whole body and reports the
    /// same result or error as before. The result is what ``init(json:)`` makes of the
    /// parsed body.
    static func readDirectly(_ input: UnsafeBufferPointer<UInt8>) -> EventEnvelope? {
        var parser = JSONParser(input: input)
        guard parser.enterContainer(opening: UInt8(ascii: "{")) else { return nil }

        var fields = ReadFields()
        // A bit for each contract key read, because the tree reader takes the last of
        // repeated keys at the position of the first, which this reader leaves to it.
        var keysRead: UInt16 = 0

        repeat {
            guard let keyBytes = parser.readPlainString(), parser.consume(UInt8(ascii: ":")) else { return nil }
            let key = EnvelopeKey(utf8: keyBytes)
            if key != .extra {
                let bit: UInt16 = 1 << key.rawValue
                guard keysRead & bit == 0 else { return nil }
                keysRead |= bit
            }
            switch key {
            case .eventID:
                guard let id = readOptionalUUID(&parser) else { return nil }
                fields.eventID = id
            case .eventType:
                guard case .string(let text)? = try? parser.parseNextValue() else { return nil }
                fields.eventType = text
            case .timestamp:
                if parser.consumeNull() {
                    fields.timestamp = nil
                } else {
                    guard let bytes = parser.readPlainString(), let parsed = EventTimestamp.parseRFC3339(bytes) else { return nil }
                    fields.timestamp = parsed
                }
            case .version:
                // Two steps, because `try?` would fold a null version into a failure.
                guard let value = try? parser.parseNextValue() else { return nil }
                do {
                    fields.version = try readOptionalString(value, at: .root)
                } catch {
                    return nil
                }
            case .source:
                guard let read = readSourceDirectly(&parser) else { return nil }
                fields.source = read
            case .correlationIDs:
                guard let ids = readUUIDArray(&parser) else { return nil }
                fields.correlationIDs = ids
            case .causationID:
                guard let id = readOptionalUUID(&parser) else { return nil }
                fields.causationID = id
            case .traceRootID:
                guard let id = readOptionalUUID(&parser) else { return nil }
                fields.traceRootID = id
            case .agentContext:
                guard let value = try? parser.parseNextValue() else { return nil }
                do {
                    fields.agentContext = try readAgentContext(value, at: .root)
                } catch {
                    return nil
                }
            case .payload:
                guard let value = try? parser.parseNextValue() else { return nil }
                fields.payload = value
            case .extra:
                guard let value = try? parser.parseNextValue() else { return nil }
                fields.extraFields.updateValue(value, forKey: String(decoding: keyBytes, as: UTF8.self))
            }
        } while parser.consume(UInt8(ascii: ","))
        guard parser.leaveContainer(closing: UInt8(ascii: "}")), parser.isAtEnd() else { return nil }

        return fields.envelope()
    }

    /// Reads `source` as ``readSource(_:at:)`` does: an object straight from its bytes,
    /// anything else through its tree. Returns nil where that would throw, and for an
    /// object with a repeated key.
    private static func readSourceDirectly(_ parser: inout JSONParser) -> EventSource? {
        guard parser.enterContainer(opening: UInt8(ascii: "{")) else {
            guard let value = try? parser.parseNextValue() else { return nil }
            return try? readSource(value, at: .root)
        }
        var host: String?
        var type: TriggerType?
        var dialectBType: TriggerType?
        var app: String?
        var meta: JSONObject?
        var keysRead: UInt8 = 0
        if !parser.leaveContainer(closing: UInt8(ascii: "}")) {
            repeat {
                guard let keyBytes = parser.readPlainString(), parser.consume(UInt8(ascii: ":")),
                    let value = try? parser.parseNextValue()
                else { return nil }
                let key = SourceKey(utf8: keyBytes)
                if key != .other {
                    let bit: UInt8 = 1 << key.rawValue
                    guard keysRead & bit == 0 else { return nil }
                    keysRead |= bit
                }
                do {
                    switch key {
                    case .host:
                        host = try readOptionalString(value, at: .root)
                    case .type:
                        if let raw = try readOptionalString(value, at: .root) {
                            type = TriggerType(rawValue: raw)
                        }
                    case .triggerType:
                        if let raw = try readOptionalString(value, at: .root) {
                            dialectBType = TriggerType(dialectBTriggerType: raw)
                        }
                    case .app:
                        app = try readOptionalString(value, at: .root)
                    case .meta:
                        meta = try readOptionalObject(value, at: .root)
                    case .other:
                        // Pydantic ignores unknown keys inside `source`, and so does this reader.
                        break
                    }
                } catch {
                    return nil
                }
            } while parser.consume(UInt8(ascii: ","))
            guard parser.leaveContainer(closing: UInt8(ascii: "}")) else { return nil }
        }
        guard let resolvedType = type ?? dialectBType else { return nil }
        if host == nil {
            guard dialectBType != nil else { return nil }
            host = EventSource.unknownHost
        }
        return EventSource(host: host ?? EventSource.unknownHost, type: resolvedType, app: app, meta: meta)
    }

    /// The keys of `source` that ``sourceFromObject(_:at:)`` reads; the raw values
    /// number them.
    private enum SourceKey: Int {
        case host, type, triggerType, app, meta, other

        init(utf8 key: UnsafeBufferPointer<UInt8>) {
            switch key.count {
            case 3 where bytesMatch(key, "app"): self = .app
            case 4 where bytesMatch(key, "host"): self = .host
            case 4 where bytesMatch(key, "type"): self = .type
            case 4 where bytesMatch(key, "meta"): self = .meta
            case 12 where bytesMatch(key, "trigger_type"): self = .triggerType
            default: self = .other
            }
        }
    }

    /// Reads `null` or a UUID written as a plain string; nil when the value is anything
    /// else, and `.some(nil)` for null.
    private static func readOptionalUUID(_ parser: inout JSONParser) -> UUID?? {
        if parser.consumeNull() {
            return .some(nil)
        }
        guard let bytes = parser.readPlainString(), let id = UUID.parseText(bytes) else { return nil }
        return .some(id)
    }

    /// Reads `null` or an array of UUIDs written as plain strings; nil when the value
    /// is anything else.
    private static func readUUIDArray(_ parser: inout JSONParser) -> [UUID]? {
        if parser.consumeNull() {
            return []
        }
        guard parser.enterContainer(opening: UInt8(ascii: "[")) else { return nil }
        var ids: [UUID] = []
        if parser.leaveContainer(closing: UInt8(ascii: "]")) {
            return ids
        }
        repeat {
            guard let bytes = parser.readPlainString(), let id = UUID.parseText(bytes) else { return nil }
            ids.append(id)
        } while parser.consume(UInt8(ascii: ","))
        guard parser.leaveContainer(closing: UInt8(ascii: "]")) else { return nil }
        return ids
    }
}

extension EventEnvelope.EnvelopeKey {
    /// Classifies a key from its UTF-8 bytes, as ``init(_:)`` classifies a string.
    ///
    /// The contract's keys are ASCII without the few characters that have another
    /// canonically equivalent form, so comparing bytes finds the same keys as String
    /// equality does.
    init(utf8 key: UnsafeBufferPointer<UInt8>) {
        switch key.count {
        case 6 where bytesMatch(key, "source"): self = .source
        case 7 where bytesMatch(key, "payload"): self = .payload
        case 7 where bytesMatch(key, "version"): self = .version
        case 8 where bytesMatch(key, "event_id"): self = .eventID
        case 9 where bytesMatch(key, "timestamp"): self = .timestamp
        case 10 where bytesMatch(key, "event_type"): self = .eventType
        case 12 where bytesMatch(key, "causation_id"): self = .causationID
        case 13 where bytesMatch(key, "agent_context"): self = .agentContext
        case 14 where bytesMatch(key, "correlation_id"): self = .traceRootID
        case 15 where bytesMatch(key, "correlation_ids"): self = .correlationIDs
        default: self = .extra
        }
    }
}

/// Returns whether `bytes` are those of `name`, which has the same length.
private func bytesMatch(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
    guard let base = bytes.baseAddress else { return name.utf8CodeUnitCount == 0 }
    return memcmp(base, name.utf8Start, bytes.count) == 0
}
