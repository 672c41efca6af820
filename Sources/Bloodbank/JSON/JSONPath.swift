/// A location inside a JSON document, written like `source.meta.tags[2]`.
///
/// Errors carry a path instead of the offending document, so that they point at the
/// field without copying a payload into a log.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step from a value to a value inside it.
    public enum Component: Sendable, Hashable {
        /// The member of an object with this name.
        case key(String)
        /// The element of an array at this zero-based position.
        case index(Int)
    }

    /// The steps from the document root, outermost first.
    public var components: [Component]

    /// Creates a path from its steps, outermost first.
    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The path of the document root.
    public static let root = JSONPath()

    /// Returns this path extended by the member `key`.
    public func appending(key: String) -> JSONPath {
        JSONPath(components + [.key(key)])
    }

    /// Returns this path extended by the array element at `index`.
    public func appending(index: Int) -> JSONPath {
        JSONPath(components + [.index(index)])
    }

    /// The path in dotted form, such as `payload.sentences[0].text`; `$` for the root.
    ///
    /// Keys that are not made of letters, digits, `_` and `-` are written in brackets
    /// and quotes, like `meta["a b"]`, and keys longer than 64 bytes are shortened.
    public var description: String {
        guard !components.isEmpty else { return "$" }
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if Self.isPlainKey(key) {
                    if !text.isEmpty { text += "." }
                    text += key
                } else {
                    text += "[\"" + Self.shortened(key) + "\"]"
                }
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    private static func isPlainKey(_ key: String) -> Bool {
        guard !key.isEmpty, key.utf8.count <= 64 else { return false }
        return key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }

    private static func shortened(_ key: String) -> String {
        var result = ""
        for scalar in key.unicodeScalars.prefix(64) {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default:
                result += scalar.value < 0x20 ? "?" : String(scalar)
            }
        }
        return key.unicodeScalars.count > 64 ? result + "..." : result
    }
}

extension JSONPath {
    /// Creates a path from a `Codable` coding path, mapping integer keys to indices.
    public init(codingPath: [any CodingKey]) {
        self.init(
            codingPath.map { key in
                if let index = key.intValue { return .index(index) }
                return .key(key.stringValue)
            }
        )
    }
}
