extension JSONValue {
    /// Maximum nesting of arrays and objects that ``parse(_:)`` accepts; a top-level
    /// array or object is level 1.
    ///
    /// The parser recurses once per level, so the bound keeps hostile input from
    /// exhausting the stack.
    public static let maximumNestingDepth = 512

    /// Parses one JSON value from UTF-8 bytes, following RFC 8259 strictly.
    ///
    /// Integers without a fraction or exponent that fit in Int64 become `.int` and are
    /// never routed through Double. Other numbers become `.double`; a number beyond the
    /// Double range is an error. The parser rejects invalid UTF-8, unpaired surrogate
    /// escapes, a byte order mark, bytes after the value and nesting deeper than
    /// ``maximumNestingDepth``. A repeated object key keeps its last value.
    ///
    /// - Throws: ``JSONParseError`` with the byte offset and what was expected there.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let contiguousResult = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                var parser = JSONParser(input: buffer)
                return try parser.parseDocument()
            }
        }
        if let contiguousResult {
            return try contiguousResult.get()
        }
        let copy = Array(bytes)
        return try parse(copy)
    }

    /// Parses one JSON value from the UTF-8 form of `text`.
    ///
    /// - Throws: ``JSONParseError`` as the byte-collection overload does.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                var parser = JSONParser(input: buffer)
                return try parser.parseDocument()
            }
        }
        return try result.get()
    }
}

/// A recursive-descent parser over a contiguous UTF-8 buffer.
struct JSONParser {
    private let input: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    private var scratch: [UInt8] = []
    // Members and elements of the containers being parsed, shared by all nesting
    // levels, so that each finished container is moved out once at its exact size.
    private let memberStack = JSONParseStack<JSONObject.Member>(capacity: 32)
    private let elementStack = JSONParseStack<JSONValue>(capacity: 16)
    /// Hashes of the keys on ``memberStack``, for finding repeated keys cheaply.
    private var keyHashes: [UInt64] = []
    /// The hash of the UTF-8 bytes of the key parsed last.
    private var lastKeyHash: UInt64 = 0

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
        keyHashes.reserveCapacity(32)
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == input.count else {
            throw JSONParseError(code: .trailingData, offset: position, expected: "the end of the input")
        }
        return value
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < input.count else {
            throw failure(.unexpectedByte, expected: "a value")
        }
        switch input[position] {
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw failure(.unexpectedByte, expected: "a value")
        }
    }

    // MARK: Structure

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= JSONValue.maximumNestingDepth else {
            throw JSONParseError(
                code: .nestingTooDeep,
                offset: position,
                expected: "at most \(JSONValue.maximumNestingDepth) nested arrays and objects"
            )
        }
        position += 1
        skipWhitespace()
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        if position < input.count, input[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject())
        }
        let base = memberStack.count
        let hashBase = keyHashes.count
        // A bit for each key's hash; a repeated bit makes the object look for a key
        // with the same hash among its earlier ones.
        var keyBits: UInt64 = 0
        var mayHaveDuplicates = false
        while true {
            guard position < input.count, input[position] == UInt8(ascii: "\"") else {
                throw failure(.unexpectedByte, expected: "a string key")
            }
            let key = try parseString(isKey: true)
            let hash = lastKeyHash
            let bit: UInt64 = 1 << (hash >> 58)
            if keyBits & bit != 0 && !mayHaveDuplicates {
                mayHaveDuplicates = keyHashes[hashBase...].contains(hash)
            }
            keyBits |= bit
            keyHashes.append(hash)
            skipWhitespace()
            guard position < input.count, input[position] == UInt8(ascii: ":") else {
                throw failure(.unexpectedByte, expected: "':' after an object key")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            memberStack.push(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            guard position < input.count else {
                throw failure(.unexpectedByte, expected: "',' or '}'")
            }
            switch input[position] {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                keyHashes.removeSubrange(hashBase...)
                let members = memberStack.popArray(from: base)
                return .object(JSONObject(parsedMembers: members, mayHaveDuplicates: mayHaveDuplicates))
            default:
                throw failure(.unexpectedByte, expected: "',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        if position < input.count, input[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array([])
        }
        let base = elementStack.count
        while true {
            elementStack.push(try parseValue())
            skipWhitespace()
            guard position < input.count else {
                throw failure(.unexpectedByte, expected: "',' or ']'")
            }
            switch input[position] {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elementStack.popArray(from: base))
            default:
                throw failure(.unexpectedByte, expected: "',' or ']'")
            }
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONParseError) {
        let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expectedByte in bytes {
            guard position < input.count, input[position] == expectedByte else {
                throw failure(.unexpectedByte, expected: "'\(literal)'")
            }
            position += 1
        }
    }

    private mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x09, 0x0A, 0x0D:
                position += 1
            default:
                return
            }
        }
    }

    /// Returns an error at the current position, or an end-of-input error when the
    /// input is exhausted.
    private func failure(_ code: JSONParseError.Code, expected: String) -> JSONParseError {
        if position >= input.count {
            return JSONParseError(code: .unexpectedEndOfInput, offset: input.count, expected: expected)
        }
        return JSONParseError(code: code, offset: position, expected: expected)
    }

    // MARK: Numbers

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while position < input.count, Self.isDigit(input[position]) {
            position += 1
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        let isNegative = input[position] == UInt8(ascii: "-")
        if isNegative {
            position += 1
        }
        guard position < input.count, Self.isDigit(input[position]) else {
            throw failure(.invalidNumber, expected: "a digit")
        }

        // Accumulate negatively for a negative number so that Int64.min fits.
        var integer: Int64 = 0
        var overflowed = false
        if input[position] == UInt8(ascii: "0") {
            position += 1
            if position < input.count, Self.isDigit(input[position]) {
                throw failure(.invalidNumber, expected: "'.', 'e' or the end of the number after a leading 0")
            }
        } else {
            while position < input.count, Self.isDigit(input[position]) {
                let digit = Int64(input[position] &- UInt8(ascii: "0"))
                if !overflowed {
                    let (scaled, scaleOverflow) = integer.multipliedReportingOverflow(by: 10)
                    let (next, addOverflow) =
                        isNegative
                        ? scaled.subtractingReportingOverflow(digit)
                        : scaled.addingReportingOverflow(digit)
                    overflowed = scaleOverflow || addOverflow
                    integer = next
                }
                position += 1
            }
        }

        var isInteger = true
        if position < input.count, input[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < input.count, Self.isDigit(input[position]) else {
                throw failure(.invalidNumber, expected: "a digit after '.'")
            }
            skipDigits()
        }
        if position < input.count, input[position] == UInt8(ascii: "e") || input[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < input.count, input[position] == UInt8(ascii: "+") || input[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < input.count, Self.isDigit(input[position]) else {
                throw failure(.invalidNumber, expected: "a digit in the exponent")
            }
            skipDigits()
        }

        if isInteger && !overflowed {
            return .int(integer)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<position]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            throw JSONParseError(code: .numberOutOfRange, offset: start, expected: "a number within the Double range")
        }
        return .double(double)
    }

    // MARK: Strings

    /// Parses a string whose opening quote is at the current position; for a key, also
    /// stores the hash of its bytes in ``lastKeyHash``.
    private mutating func parseString(isKey: Bool = false) throws(JSONParseError) -> String {
        position += 1
        let start = position
        if let base = UnsafeRawPointer(input.baseAddress) {
            // Skip eight plain ASCII bytes at a time, the common case in keys and values.
            while position + 8 <= input.count,
                !JSONByteScan.mayEndPlainASCII(base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            {
                position += 8
            }
        }
        while position < input.count {
            let byte = input[position]
            if byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                let bytes = UnsafeBufferPointer(rebasing: input[start..<position])
                if isKey {
                    lastKeyHash = JSONByteScan.keyHash(bytes).hash
                }
                position += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(from: start, isKey: isKey)
            }
            try advanceOverStringByte(byte)
        }
        throw failure(.unexpectedEndOfInput, expected: "'\"' to close the string")
    }

    /// Continues a string at its first backslash, collecting the unescaped bytes in
    /// the scratch buffer.
    private mutating func parseEscapedString(from start: Int, isKey: Bool) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<position]))
        while position < input.count {
            let byte = input[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                if isKey {
                    lastKeyHash = scratch.withUnsafeBufferPointer { JSONByteScan.keyHash($0).hash }
                }
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try parseEscape()
                continue
            }
            let sequenceStart = position
            try advanceOverStringByte(byte)
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[sequenceStart..<position]))
        }
        throw failure(.unexpectedEndOfInput, expected: "'\"' to close the string")
    }

    /// Moves past one unescaped character that starts with `byte`, validating it.
    private mutating func advanceOverStringByte(_ byte: UInt8) throws(JSONParseError) {
        if byte < 0x20 {
            throw failure(.controlCharacterInString, expected: "an escape such as \\n instead of a raw control character")
        }
        if byte < 0x80 {
            position += 1
        } else {
            try skipUTF8Sequence()
        }
    }

    /// Validates the multi-byte UTF-8 sequence at the current position and moves past
    /// it, following the well-formed byte sequences of RFC 3629 section 4.
    private mutating func skipUTF8Sequence() throws(JSONParseError) {
        let lead = input[position]
        let length: Int
        let secondByteRange: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF:
            length = 2
            secondByteRange = 0x80...0xBF
        case 0xE0:
            length = 3
            secondByteRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF:
            length = 3
            secondByteRange = 0x80...0xBF
        case 0xED:
            // Excludes the UTF-16 surrogates U+D800 to U+DFFF.
            length = 3
            secondByteRange = 0x80...0x9F
        case 0xF0:
            length = 4
            secondByteRange = 0x90...0xBF
        case 0xF1...0xF3:
            length = 4
            secondByteRange = 0x80...0xBF
        case 0xF4:
            // Excludes code points above U+10FFFF.
            length = 4
            secondByteRange = 0x80...0x8F
        default:
            throw JSONParseError(code: .invalidUTF8, offset: position, expected: "a UTF-8 lead byte")
        }
        for offset in 1..<length {
            let index = position + offset
            guard index < input.count else {
                throw JSONParseError(code: .invalidUTF8, offset: index, expected: "a UTF-8 continuation byte")
            }
            let range: ClosedRange<UInt8> = offset == 1 ? secondByteRange : 0x80...0xBF
            guard range.contains(input[index]) else {
                throw JSONParseError(code: .invalidUTF8, offset: index, expected: "a UTF-8 continuation byte")
            }
        }
        position += length
    }

    /// Parses the escape sequence whose backslash is at the current position and
    /// appends its UTF-8 form to the scratch buffer.
    private mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard position < input.count else {
            throw failure(.unexpectedEndOfInput, expected: "an escape character after '\\'")
        }
        let unescaped: UInt8
        switch input[position] {
        case UInt8(ascii: "\""): unescaped = 0x22
        case UInt8(ascii: "\\"): unescaped = 0x5C
        case UInt8(ascii: "/"): unescaped = 0x2F
        case UInt8(ascii: "b"): unescaped = 0x08
        case UInt8(ascii: "f"): unescaped = 0x0C
        case UInt8(ascii: "n"): unescaped = 0x0A
        case UInt8(ascii: "r"): unescaped = 0x0D
        case UInt8(ascii: "t"): unescaped = 0x09
        case UInt8(ascii: "u"):
            position += 1
            let scalar = try parseUnicodeEscape(escapeStart: escapeStart)
            appendUTF8(scalar)
            return
        default:
            throw JSONParseError(
                code: .invalidEscape,
                offset: escapeStart,
                expected: "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
            )
        }
        scratch.append(unescaped)
        position += 1
    }

    /// Parses the four hex digits after `\u`, and a second `\uXXXX` when the first is
    /// a high surrogate, returning the Unicode scalar value.
    private mutating func parseUnicodeEscape(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        let unit = try parseHex4()
        switch unit {
        case 0xD800...0xDBFF:
            guard position + 1 < input.count,
                input[position] == UInt8(ascii: "\\"),
                input[position + 1] == UInt8(ascii: "u")
            else {
                throw JSONParseError(
                    code: .loneSurrogate,
                    offset: escapeStart,
                    expected: "a \\uDC00-\\uDFFF low surrogate escape after a high surrogate"
                )
            }
            position += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JSONParseError(
                    code: .loneSurrogate,
                    offset: escapeStart,
                    expected: "a \\uDC00-\\uDFFF low surrogate escape after a high surrogate"
                )
            }
            return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        case 0xDC00...0xDFFF:
            throw JSONParseError(
                code: .loneSurrogate,
                offset: escapeStart,
                expected: "a high surrogate escape \\uD800-\\uDBFF before a low surrogate"
            )
        default:
            return unit
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < input.count else {
                throw failure(.unexpectedEndOfInput, expected: "four hex digits after \\u")
            }
            let byte = input[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw JSONParseError(code: .invalidEscape, offset: position, expected: "four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | (scalar >> 6)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | (scalar >> 12)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            scratch.append(UInt8(0xF0 | (scalar >> 18)))
            scratch.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}

// MARK: Steps for readers that walk a document themselves

extension JSONParser {
    // A reader that knows the document's shape, such as the envelope reader, walks it
    // with these steps and gives up on anything unexpected. Its caller then parses the
    // document with parseDocument(), which reports the exact error.

    /// Moves past whitespace and `byte`, and returns false when the next byte is
    /// another one.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < input.count, input[position] == byte else { return false }
        position += 1
        return true
    }

    /// Moves past whitespace and the opening bracket of an object or array, counting
    /// the level as ``parseValue()`` does, and returns false when the next byte is
    /// another one or the nesting is too deep.
    mutating func enterContainer(opening bracket: UInt8) -> Bool {
        skipWhitespace()
        guard position < input.count, input[position] == bracket else { return false }
        do {
            try enterContainer()
        } catch {
            return false
        }
        return true
    }

    /// Moves past whitespace and a closing bracket, ending the level that
    /// ``enterContainer(opening:)`` entered, and returns false when the next byte is
    /// another one.
    mutating func leaveContainer(closing bracket: UInt8) -> Bool {
        guard consume(bracket) else { return false }
        depth -= 1
        return true
    }

    /// Moves past whitespace and a `null`, and returns false when the next value is
    /// another one.
    mutating func consumeNull() -> Bool {
        skipWhitespace()
        guard position + 4 <= input.count,
            input[position] == UInt8(ascii: "n"), input[position + 1] == UInt8(ascii: "u"),
            input[position + 2] == UInt8(ascii: "l"), input[position + 3] == UInt8(ascii: "l")
        else { return false }
        position += 4
        return true
    }

    /// Moves past whitespace and a string of ASCII characters without escapes, and
    /// returns its bytes between the quotes, or nil for any other value.
    mutating func readPlainString() -> UnsafeBufferPointer<UInt8>? {
        skipWhitespace()
        guard position < input.count, input[position] == UInt8(ascii: "\"") else { return nil }
        let start = position + 1
        var end = start
        while end < input.count {
            let byte = input[end]
            if byte == UInt8(ascii: "\"") {
                position = end + 1
                return UnsafeBufferPointer(rebasing: input[start..<end])
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
            end += 1
        }
        return nil
    }

    /// Moves past whitespace and parses the value after it, as ``parseValue()`` does.
    mutating func parseNextValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        return try parseValue()
    }

    /// Moves past whitespace and returns whether the input ends there.
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return position == input.count
    }
}
