/// A JSON object whose members keep the order in which they were parsed or inserted.
///
/// Key order is kept so that a relayed message reads the same as the original. Lookup
/// by key scans the members of a small object and uses a hash index for objects with
/// more than ``indexThreshold`` members. Assigning to an existing key replaces its
/// value in place, which is also how the parser treats a duplicate key: the last value
/// wins at the position of the first, as in Python's `json` module.
///
/// Keys are compared by their UTF-8 bytes, as JSON and Python compare them, not by
/// Swift's canonical equivalence: `"é"` precomposed and decomposed are two keys.
/// Two objects are equal when they have the same keys with equal values, in any order,
/// because member order carries no meaning in JSON.
public struct JSONObject: Sendable {
    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The member name.
        public var key: String
        /// The member value.
        public var value: JSONValue
    }

    /// Member count above which lookups use a hash index instead of a linear scan.
    static let indexThreshold = 16

    private(set) var members: [Member]
    private var index: [ByteKey: Int]?

    /// Creates an empty object.
    public init() {
        members = []
        index = nil
    }

    /// Creates an empty object with room for `minimumCapacity` members.
    public init(minimumCapacity: Int) {
        members = []
        members.reserveCapacity(minimumCapacity)
        index = nil
    }

    /// Creates an object from parsed members in order; a repeated key keeps its last
    /// value at the position of its first occurrence.
    ///
    /// The parser passes false for `mayHaveDuplicates` when no two keys have the same
    /// hash, which spares a small object comparing every pair of keys.
    init(parsedMembers: [Member], mayHaveDuplicates: Bool) {
        members = parsedMembers
        index = nil
        if members.count > Self.indexThreshold {
            var newIndex = [ByteKey: Int](minimumCapacity: members.count)
            var hasDuplicates = false
            for (position, member) in members.enumerated() {
                if newIndex[ByteKey(member.key)] == nil {
                    newIndex[ByteKey(member.key)] = position
                } else {
                    hasDuplicates = true
                }
            }
            if hasDuplicates {
                removeDuplicates()
            } else {
                index = newIndex
            }
        } else if mayHaveDuplicates && Self.hasDuplicateKeys(members) {
            removeDuplicates()
        }
    }

    /// Rebuilds the members through ``updateValue(_:forKey:)``, so each repeated key
    /// keeps its last value at its first position.
    private mutating func removeDuplicates() {
        let original = members
        members = []
        index = nil
        for member in original {
            updateValue(member.value, forKey: member.key)
        }
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The member names in order.
    public var keys: [String] { members.map(\.key) }

    /// The member values in order.
    public var values: [JSONValue] { members.map(\.value) }

    /// Accesses the value for `key`, which is nil when absent. Assigning nil removes
    /// the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return members[position].value
        }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Returns whether the object has a member named `key`.
    public func contains(key: String) -> Bool {
        position(of: key) != nil
    }

    /// Sets the value for `key` and returns the value it replaced.
    ///
    /// A new key is appended at the end; an existing key keeps its position.
    @discardableResult
    public mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        if let position = position(of: key) {
            let old = members[position].value
            members[position].value = value
            return old
        }
        appendNew(key: key, value: value)
        return nil
    }

    /// Removes the member named `key` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        let old = members.remove(at: position).value
        rebuildIndex()
        return old
    }

    /// Appends a member whose key the caller knows to be absent.
    mutating func appendNew(key: String, value: JSONValue) {
        members.append(Member(key: key, value: value))
        if index != nil {
            index?[ByteKey(key)] = members.count - 1
        } else if members.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    private func position(of key: String) -> Int? {
        if let index {
            return index[ByteKey(key)]
        }
        for position in members.indices where Self.keysEqual(members[position].key, key) {
            return position
        }
        return nil
    }

    /// Returns the position of `key`, looking at position `hint` first.
    ///
    /// Readers that take the members of an object in the order a producer writes them
    /// pass the position after the last member they read, and find each key with one
    /// comparison instead of a scan.
    func position(of key: String, hint: Int) -> Int? {
        if hint < members.count, Self.keysEqual(members[hint].key, key) {
            return hint
        }
        return position(of: key)
    }

    /// Compares two keys byte for byte.
    static func keysEqual(_ lhs: String, _ rhs: String) -> Bool {
        let lhsBytes = lhs.utf8
        let rhsBytes = rhs.utf8
        guard lhsBytes.count == rhsBytes.count else { return false }
        let contiguousResult = lhsBytes.withContiguousStorageIfAvailable { lhsBuffer in
            rhsBytes.withContiguousStorageIfAvailable { rhsBuffer in
                bytesEqual(lhsBuffer, rhsBuffer)
            }
        }
        if let contiguousResult, let isEqual = contiguousResult {
            return isEqual
        }
        return lhsBytes.elementsEqual(rhsBytes)
    }

    /// Compares two buffers of the same length eight bytes at a time.
    private static func bytesEqual(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let lhsBase = UnsafeRawPointer(lhs.baseAddress), let rhsBase = UnsafeRawPointer(rhs.baseAddress) else {
            return lhs.count == rhs.count
        }
        var offset = 0
        while offset + 8 <= lhs.count {
            guard lhsBase.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                == rhsBase.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        while offset < lhs.count {
            guard lhs[offset] == rhs[offset] else { return false }
            offset += 1
        }
        return true
    }

    /// Returns whether two members share a key, comparing every pair. Only small
    /// objects use it.
    private static func hasDuplicateKeys(_ members: [Member]) -> Bool {
        members.withUnsafeBufferPointer { buffer in
            for later in buffer.indices.dropFirst() {
                for earlier in 0..<later where keysEqual(buffer[earlier].key, buffer[later].key) {
                    return true
                }
            }
            return false
        }
    }

    private mutating func rebuildIndex() {
        guard members.count > Self.indexThreshold else {
            index = nil
            return
        }
        var newIndex = [ByteKey: Int](minimumCapacity: members.count)
        for (position, member) in members.enumerated() {
            newIndex[ByteKey(member.key)] = position
        }
        index = newIndex
    }
}

/// A dictionary key that hashes and compares a string by its UTF-8 bytes.
struct ByteKey: Hashable {
    let string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (lhs: ByteKey, rhs: ByteKey) -> Bool {
        JSONObject.keysEqual(lhs.string, rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension JSONObject: RandomAccessCollection {
    /// The position of the first member.
    public var startIndex: Int { members.startIndex }

    /// The position after the last member.
    public var endIndex: Int { members.endIndex }

    /// Accesses the member at `position`, in insertion order.
    public subscript(position: Int) -> Member {
        members[position]
    }
}

extension JSONObject: Hashable {
    /// Compares members by key and value, ignoring their order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    /// Hashes the members independently of their order, to agree with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member)
            combined = combined &+ memberHasher.finalize()
        }
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Creates an object with the members in literal order; a repeated key keeps its
    /// last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(minimumCapacity: elements.count)
        for (key, value) in elements {
            updateValue(value, forKey: key)
        }
    }
}
