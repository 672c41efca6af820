#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes `Encodable` values straight to compact JSON text, with no ``JSONValue`` tree
/// in between.
///
/// The text is byte for byte what ``JSONValueEncoder`` and then ``JSONValue/write(to:)``
/// produce, with the same conversions and the same errors. Each member is written as
/// soon as it is encoded, which works for every value whose `encode(to:)` fills one
/// container at a time, as synthesized conformances do. For a value that does anything
/// else, ``encode(_:)`` returns nil and the caller uses the tree encoder instead. These
/// are: encoding a key twice, writing to a container after leaving it for its parent,
/// asking one encoder for two kinds of container, using a super encoder, catching an
/// error and encoding on, and nesting deeper than ``JSONValue/maximumNestingDepth``.
/// So is embedding a ``JSONValue`` that contains NaN or an infinity, which the tree
/// encoder accepts and the writer later rejects. So is a key with non-ASCII characters,
/// such as a dictionary key, because the tree encoder compares keys by canonical
/// equivalence.
///
/// NOTE: after a nil result the caller's tree encoder runs the value's `encode(to:)` a
/// second time, so an `encode(to:)` with side effects has them twice.
struct JSONStreamingEncoder {
    /// The representation of nil optionals written with `encodeIfPresent`.
    var nilEncoding: JSONValueEncoder.NilEncoding = .null

    /// Values that `Encodable` implementations can read through `Encoder.userInfo`.
    var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Returns the JSON text of `value`, or nil when the value needs the tree encoder.
    ///
    /// - Throws: what ``JSONValueEncoder/encode(_:)`` throws for the value:
    ///   `EncodingError.invalidValue` for NaN, an infinity or an unsigned integer above
    ///   `Int64.max`, or the value's own error.
    func encode<T: Encodable>(_ value: T) throws -> [UInt8]? {
        let encoding = JSONStreamingEncoding(nilEncoding: nilEncoding, userInfo: userInfo)
        do {
            try encoding.writeValue(value, at: .none)
        } catch {
            if encoding.needsTree {
                return nil
            }
            throw error
        }
        guard !encoding.needsTree, !encoding.errorWasThrown else { return nil }
        return encoding.writer.bytes
    }
}

/// The `Encoder` of ``JSONStreamingEncoder``: one instance for a whole value, which
/// tracks the containers that are open in the text written so far.
final class JSONStreamingEncoding: Encoder {
    /// An object or array whose opening bracket is written and closing bracket is not.
    struct Frame {
        /// A number that no other frame of this encoding has, so that a container can
        /// tell whether its frame is still open.
        var id: Int
        var isObject: Bool
        /// The members or elements written so far.
        var count = 0
        /// The position in ``JSONStreamingEncoding/keyHashes`` of this object's first key hash.
        var keyBase: Int
        /// One bit for each key written, chosen by the key's hash.
        var keyBits: UInt64 = 0
    }

    /// The value whose `encode(to:)` is running.
    struct Level {
        enum State {
            /// No container requested and nothing written yet.
            case empty
            /// Writing into the object or array of this frame.
            case container(frameID: Int)
            /// A single value is written.
            case single
        }

        var id: Int
        /// The step from the enclosing frame to this value.
        var step: CodingPathStep
        /// The number of frames open when the value started; they belong to enclosing values.
        var frameBase: Int
        var state: State
    }

    let writer = JSONWriter(capacity: 256)
    let nilEncoding: JSONValueEncoder.NilEncoding
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    // The state below skips the runtime exclusivity checks, as JSONWriter's does: one
    // encoding runs on one thread, and no method calls a value's `encode(to:)` or other
    // code that could reach a property during an access to it.

    /// The open objects and arrays, outermost first; each lies inside the one below it.
    @exclusivity(unchecked) private(set) var frames: [Frame] = []
    /// The step from the frame below to each frame, kept apart so that a frame stays a
    /// plain value.
    @exclusivity(unchecked) private var frameSteps: [CodingPathStep] = []
    /// Hashes of the keys of the open objects, for finding a key encoded twice.
    @exclusivity(unchecked) private var keyHashes: [UInt64] = []
    @exclusivity(unchecked) private(set) var level = Level(id: 0, step: .none, frameBase: 0, state: .empty)
    @exclusivity(unchecked) private var lastLevelID = 0
    @exclusivity(unchecked) private var lastFrameID = 0

    /// Whether the value did something the text cannot express, so that the caller
    /// must use the tree encoder.
    @exclusivity(unchecked) private(set) var needsTree = false
    /// Whether an error left a nested value's `encode(to:)`; encoding on after that,
    /// as code that catches the error would, needs the tree encoder.
    @exclusivity(unchecked) private(set) var errorWasThrown = false

    init(nilEncoding: JSONValueEncoder.NilEncoding, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.nilEncoding = nilEncoding
        self.sendableUserInfo = userInfo
        frames.reserveCapacity(8)
        frameSteps.reserveCapacity(8)
        keyHashes.reserveCapacity(32)
    }

    var codingPath: [any CodingKey] {
        path(frameCount: level.frameBase, then: level.step)
    }

    var userInfo: [CodingUserInfoKey: Any] {
        sendableUserInfo
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(JSONStreamingKeyedContainer<Key>(encoding: self, frameID: frameForLevel(isObject: true)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONStreamingUnkeyedContainer(encoding: self, frameID: frameForLevel(isObject: false))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONStreamingSingleValueContainer(encoding: self, levelID: level.id)
    }

    // MARK: Values

    /// Writes `value`, which sits at `step` in the top frame, or is the root.
    func writeValue<T: Encodable>(_ value: T, at step: @autoclosure () -> CodingPathStep) throws {
        if T.self == String.self {
            writer.appendQuoted(value as! String)
        } else if T.self == Bool.self {
            writer.appendASCII(value as! Bool ? "true" : "false")
        } else if T.self == Int.self {
            writer.appendInteger(Int64(value as! Int))
        } else if T.self == Int64.self {
            writer.appendInteger(value as! Int64)
        } else if T.self == Double.self {
            try writeDouble(value as! Double, at: path(frameCount: frames.count, then: step()))
        } else if T.self == JSONValue.self {
            writeEmbedded(value as! JSONValue)
        } else if T.self == JSONObject.self {
            writeEmbedded(.object(value as! JSONObject))
        } else if T.self == Date.self {
            writeQuotedTimestamp(EventTimestamp(value as! Date))
        } else if T.self == EventTimestamp.self {
            writeQuotedTimestamp(value as! EventTimestamp)
        } else if T.self == UUID.self {
            writer.append(UInt8(ascii: "\""))
            writer.appendLowercasedText(of: value as! UUID)
            writer.append(UInt8(ascii: "\""))
        } else if T.self == URL.self {
            writer.appendQuoted((value as! URL).absoluteString)
        } else {
            try writeNested(value, at: step())
        }
    }

    /// Runs `value.encode(to:)` as a new level and closes what it opened.
    private func writeNested<T: Encodable>(_ value: T, at step: CodingPathStep) throws {
        let enclosing = level
        lastLevelID += 1
        level = Level(id: lastLevelID, step: step, frameBase: frames.count, state: .empty)
        defer { level = enclosing }
        do {
            try value.encode(to: self)
        } catch {
            errorWasThrown = true
            throw error
        }
        guard canWrite() else { return }
        switch level.state {
        case .empty:
            // A value that requests no container is an empty object, as in the tree encoder.
            guard frames.count < JSONValue.maximumNestingDepth else {
                needsTree = true
                return
            }
            writer.appendASCII("{}")
        case .container:
            while frames.count > level.frameBase {
                closeTopFrame()
            }
        case .single:
            break
        }
    }

    // The writers below throw the tree encoder's errors. An error is thrown after a
    // member's key is written, so encoding on after catching it needs the tree encoder.

    func writeDouble(_ double: Double, at codingPath: @autoclosure () -> [any CodingKey]) throws {
        guard writer.appendDouble(double) else {
            errorWasThrown = true
            throw EncodingError.invalidValue(
                double,
                EncodingError.Context(codingPath: codingPath(), debugDescription: "NaN and infinity cannot be written as JSON")
            )
        }
    }

    /// Writes a Float through its shortest decimal text, as the tree encoder converts it.
    func writeFloat(_ float: Float, at codingPath: @autoclosure () -> [any CodingKey]) throws {
        guard float.isFinite else {
            errorWasThrown = true
            throw EncodingError.invalidValue(
                float,
                EncodingError.Context(codingPath: codingPath(), debugDescription: "NaN and infinity cannot be written as JSON")
            )
        }
        _ = writer.appendDouble(Double(float.description) ?? Double(float))
    }

    func writeInteger<I: BinaryInteger>(_ integer: I, at codingPath: @autoclosure () -> [any CodingKey]) throws {
        guard let exact = Int64(exactly: integer) else {
            errorWasThrown = true
            throw EncodingError.invalidValue(
                integer,
                EncodingError.Context(codingPath: codingPath(), debugDescription: "integer \(integer) is above Int64.max")
            )
        }
        writer.appendInteger(exact)
    }

    private func writeQuotedTimestamp(_ timestamp: EventTimestamp) {
        writer.append(UInt8(ascii: "\""))
        writer.appendRFC3339(of: timestamp)
        writer.append(UInt8(ascii: "\""))
    }

    /// Writes a tree that a value carries, or marks the encoding for the tree encoder
    /// when the tree nests too deep or contains a number the writer rejects.
    func writeEmbedded(_ value: JSONValue) {
        guard !value.nests(deeperThan: JSONValue.maximumNestingDepth - frames.count) else {
            needsTree = true
            return
        }
        do {
            try value.write(to: writer)
        } catch {
            needsTree = true
        }
    }

    // MARK: Frames

    /// Returns whether writing may go on, and marks the encoding for the tree encoder
    /// when an error was thrown and caught before.
    func canWrite() -> Bool {
        if errorWasThrown {
            needsTree = true
        }
        return !needsTree
    }

    /// Makes the frame `frameID` the top frame for a write, closing the frames above it,
    /// and returns false when the write would land anywhere but at the end of the text.
    func enter(frameID: Int) -> Bool {
        guard canWrite() else { return false }
        var index = frames.count - 1
        while index >= 0 && frames[index].id > frameID {
            index -= 1
        }
        guard index >= level.frameBase, frames[index].id == frameID else {
            needsTree = true
            return false
        }
        while frames.count - 1 > index {
            closeTopFrame()
        }
        return true
    }

    /// Returns the frame of the current level's container, opening it on first request,
    /// or -1 when the level already contains a different kind of value.
    private func frameForLevel(isObject: Bool) -> Int {
        guard canWrite() else { return -1 }
        switch level.state {
        case .empty:
            let frameID = openFrame(isObject: isObject, step: level.step)
            level.state = .container(frameID: frameID)
            return frameID
        case .container(let frameID):
            if let frame = frames.last(where: { $0.id == frameID }), frame.isObject == isObject {
                return frameID
            }
            // The tree encoder would replace the array with an object, or the reverse.
            needsTree = true
            return -1
        case .single:
            needsTree = true
            return -1
        }
    }

    /// Writes an opening bracket and returns the new frame's id, or -1 when the text
    /// would nest too deep.
    func openFrame(isObject: Bool, step: CodingPathStep) -> Int {
        guard frames.count < JSONValue.maximumNestingDepth else {
            needsTree = true
            return -1
        }
        writer.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        lastFrameID += 1
        frames.append(Frame(id: lastFrameID, isObject: isObject, keyBase: keyHashes.count))
        frameSteps.append(step)
        return lastFrameID
    }

    private func closeTopFrame() {
        let frame = frames.removeLast()
        frameSteps.removeLast()
        if frame.isObject {
            keyHashes.removeSubrange(frame.keyBase...)
            writer.append(UInt8(ascii: "}"))
        } else {
            writer.append(UInt8(ascii: "]"))
        }
    }

    /// Writes the key of the next member of the object `frameID`. Returns false, and
    /// writes nothing, when the frame is not the end of the text, or when the key may be
    /// in the object already or is not ASCII.
    func beginMember(frameID: Int, key: String) -> Bool {
        guard enter(frameID: frameID) else { return false }
        let isWritten = key.utf8.withContiguousStorageIfAvailable { bytes in
            writeKeyIfNew(bytes)
        } ?? Array(key.utf8).withUnsafeBufferPointer { bytes in
            writeKeyIfNew(bytes)
        }
        if !isWritten {
            needsTree = true
        }
        return isWritten
    }

    // The tree encoder distinguishes keys by String equality, which is canonical
    // equivalence. For ASCII keys that is byte equality, which a 64-bit hash represents
    // here: a repeated hash counts as a repeated key, and the tree encoder decides.
    private func writeKeyIfNew(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let (hash, isASCII) = JSONByteScan.keyHash(bytes)
        guard isASCII else { return false }
        let top = frames.count - 1
        let bit: UInt64 = 1 << (hash >> 58)
        if frames[top].keyBits & bit != 0 {
            for index in frames[top].keyBase..<keyHashes.count where keyHashes[index] == hash {
                return false
            }
        }
        frames[top].keyBits |= bit
        keyHashes.append(hash)
        if frames[top].count > 0 {
            writer.append(UInt8(ascii: ","))
        }
        frames[top].count += 1
        writer.appendQuoted(utf8: bytes)
        writer.append(UInt8(ascii: ":"))
        return true
    }

    /// Writes the separator before the next element of the array `frameID` and returns
    /// the element's index, or nil when nothing may be written.
    func beginElement(frameID: Int) -> Int? {
        guard enter(frameID: frameID) else { return nil }
        let top = frames.count - 1
        let index = frames[top].count
        if index > 0 {
            writer.append(UInt8(ascii: ","))
        }
        frames[top].count = index + 1
        return index
    }

    /// Returns the number of elements written to the array `frameID`.
    func elementCount(frameID: Int) -> Int {
        frames.last(where: { $0.id == frameID })?.count ?? 0
    }

    /// Marks the encoding for the tree encoder, for a request the text cannot express.
    func requireTree() {
        needsTree = true
    }

    /// Returns whether a single value may be written for the level `levelID`, which
    /// must be running and hold nothing yet, and marks the level as holding one.
    func beginSingleValue(levelID: Int) -> Bool {
        guard canWrite() else { return false }
        guard level.id == levelID, case .empty = level.state else {
            // The tree encoder would replace what the level contains.
            needsTree = true
            return false
        }
        level.state = .single
        return true
    }

    // MARK: Coding paths

    /// Returns the coding path through the first `frameCount` frames, then `step`.
    func path(frameCount: Int, then step: CodingPathStep) -> [any CodingKey] {
        var path: [any CodingKey] = []
        for index in 0..<frameCount {
            frameSteps[index].append(to: &path)
        }
        step.append(to: &path)
        return path
    }

    /// Returns the coding path of the frame `frameID`, or an empty path when the frame
    /// is closed.
    func path(ofFrame frameID: Int) -> [any CodingKey] {
        guard let index = frames.lastIndex(where: { $0.id == frameID }) else { return [] }
        return path(frameCount: index + 1, then: .none)
    }
}

extension JSONValue {
    /// Returns whether arrays and objects nest more than `limit` levels deep.
    func nests(deeperThan limit: Int) -> Bool {
        switch self {
        case .null, .bool, .int, .double, .string:
            return false
        case .array(let elements):
            guard limit > 0 else { return true }
            return elements.contains { $0.nests(deeperThan: limit - 1) }
        case .object(let object):
            guard limit > 0 else { return true }
            return object.members.contains { $0.value.nests(deeperThan: limit - 1) }
        }
    }
}
