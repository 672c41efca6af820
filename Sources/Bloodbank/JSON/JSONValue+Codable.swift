extension JSONValue: Codable {
    /// Decodes any JSON value, so that a payload can carry a free-form `{}` field.
    ///
    /// With ``JSONValueDecoder`` the value is taken over as it is, key order included.
    /// Other decoders are asked for each kind in turn, and objects come through a keyed
    /// container whose key order depends on that decoder.
    public init(from decoder: any Decoder) throws {
        if let treeDecoder = decoder as? JSONValueDecoding {
            self = treeDecoder.value
            return
        }
        if let container = try? decoder.container(keyedBy: JSONCodingKey.self) {
            var object = JSONObject(minimumCapacity: container.allKeys.count)
            for key in container.allKeys {
                object[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
            }
            self = .object(object)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !container.isAtEnd {
                elements.append(try container.decode(JSONValue.self))
            }
            self = .array(elements)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? container.decode(Int64.self) {
            self = .int(int)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Encodes the value; ``JSONValueEncoder`` stores it as it is.
    public func encode(to encoder: any Encoder) throws {
        if let treeEncoder = encoder as? JSONValueEncoding {
            treeEncoder.storeDirectly(self)
            return
        }
        if encoder is JSONStreamingEncoding {
            // The streaming encoder writes a JSONValue given to a container as it is.
            var container = encoder.singleValueContainer()
            try container.encode(self)
            return
        }
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let bool):
            var container = encoder.singleValueContainer()
            try container.encode(bool)
        case .int(let int):
            var container = encoder.singleValueContainer()
            try container.encode(int)
        case .double(let double):
            var container = encoder.singleValueContainer()
            try container.encode(double)
        case .string(let string):
            var container = encoder.singleValueContainer()
            try container.encode(string)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements {
                try container.encode(element)
            }
        case .object(let object):
            try object.encode(to: encoder)
        }
    }
}

extension JSONObject: Codable {
    /// Decodes a JSON object; any other kind of value is a type mismatch.
    public init(from decoder: any Decoder) throws {
        if let treeDecoder = decoder as? JSONValueDecoding {
            guard case .object(let object) = treeDecoder.value else {
                throw DecodingError.typeMismatch(
                    JSONObject.self,
                    DecodingError.Context(
                        codingPath: decoder.codingPath,
                        debugDescription: "expected an object, found \(treeDecoder.value.kindDescription)"
                    )
                )
            }
            self = object
            return
        }
        let container = try decoder.container(keyedBy: JSONCodingKey.self)
        self.init(minimumCapacity: container.allKeys.count)
        for key in container.allKeys {
            self[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    /// Encodes the members in order.
    public func encode(to encoder: any Encoder) throws {
        if let treeEncoder = encoder as? JSONValueEncoding {
            treeEncoder.storeDirectly(.object(self))
            return
        }
        if encoder is JSONStreamingEncoding {
            var container = encoder.singleValueContainer()
            try container.encode(self)
            return
        }
        var container = encoder.container(keyedBy: JSONCodingKey.self)
        for member in self {
            try container.encode(member.value, forKey: JSONCodingKey(member.key))
        }
    }
}

/// A coding key for arbitrary object member names and array positions.
struct JSONCodingKey: CodingKey, Hashable {
    let stringValue: String
    let intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init?(stringValue: String) {
        self.init(stringValue)
    }

    init?(intValue: Int) {
        self.init(index: intValue)
    }
}

/// One step of a coding path, made into a coding key only when a path is requested,
/// so that encoding and decoding build no path arrays unless an error needs one.
enum CodingPathStep {
    /// No step: the value sits where its parent does, as in a single-value container.
    case none
    /// The member with this key.
    case key(any CodingKey)
    /// The array element at this position.
    case index(Int)

    /// Appends the step's coding key to `path`.
    func append(to path: inout [any CodingKey]) {
        switch self {
        case .none: return
        case .key(let key): path.append(key)
        case .index(let index): path.append(JSONCodingKey(index: index))
        }
    }
}
