extension JSONValue {
    /// Returns the compact UTF-8 JSON text of this value.
    ///
    /// - Throws: ``JSONWriteError`` when the value contains NaN or an infinity.
    public func serialized() throws(JSONWriteError) -> [UInt8] {
        var buffer: [UInt8] = []
        try write(to: &buffer)
        return buffer
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
        switch self {
        case .null:
            JSONOutput.appendASCII("null", to: &buffer)
        case .bool(let bool):
            JSONOutput.appendASCII(bool ? "true" : "false", to: &buffer)
        case .int(let int):
            JSONOutput.appendInteger(int, to: &buffer)
        case .double(let double):
            guard JSONOutput.appendDouble(double, to: &buffer) else {
                throw JSONWriteError(code: .nonFiniteNumber, path: .root)
            }
        case .string(let string):
            JSONOutput.appendString(string, to: &buffer)
        case .array(let elements):
            buffer.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 {
                    buffer.append(UInt8(ascii: ","))
                }
                do {
                    try element.write(to: &buffer)
                } catch {
                    throw error.nested(in: .index(index))
                }
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let object):
            try object.write(to: &buffer)
        }
    }
}

extension JSONObject {
    /// Appends the compact UTF-8 JSON text of this object, members in order.
    ///
    /// - Throws: ``JSONWriteError`` when a value contains NaN or an infinity.
    public func write(to buffer: inout [UInt8]) throws(JSONWriteError) {
        buffer.append(UInt8(ascii: "{"))
        var isFirst = true
        for member in self {
            if !isFirst {
                buffer.append(UInt8(ascii: ","))
            }
            isFirst = false
            JSONOutput.appendString(member.key, to: &buffer)
            buffer.append(UInt8(ascii: ":"))
            do {
                try member.value.write(to: &buffer)
            } catch {
                throw error.nested(in: .key(member.key))
            }
        }
        buffer.append(UInt8(ascii: "}"))
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

/// Low-level appenders shared by the generic writer and the envelope writer.
enum JSONOutput {
    static func appendASCII(_ text: StaticString, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `string` as a quoted JSON string.
    static func appendString(_ string: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        let handled: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            appendEscaped(bytes, to: &buffer)
        }
        if handled == nil {
            Array(string.utf8).withUnsafeBufferPointer { bytes in
                appendEscaped(bytes, to: &buffer)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        var runStart = 0
        var index = 0
        let base = UnsafeRawPointer(bytes.baseAddress)
        while index < bytes.count {
            if let base, index + 8 <= bytes.count,
                !JSONByteScan.mayNeedEscape(base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            buffer.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
            case 0x08: buffer.append(UInt8(ascii: "b"))
            case 0x0C: buffer.append(UInt8(ascii: "f"))
            case 0x0A: buffer.append(UInt8(ascii: "n"))
            case 0x0D: buffer.append(UInt8(ascii: "r"))
            case 0x09: buffer.append(UInt8(ascii: "t"))
            default:
                let hexDigits: StaticString = "0123456789abcdef"
                buffer.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                buffer.append(hexDigits.utf8Start[Int(byte >> 4)])
                buffer.append(hexDigits.utf8Start[Int(byte & 0x0F)])
            }
            index += 1
            runStart = index
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
    }

    /// Appends the decimal digits of `value`.
    static func appendInteger(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
        }
        appendUnsigned(value.magnitude, to: &buffer)
    }

    static func appendUnsigned(_ value: UInt64, to buffer: inout [UInt8]) {
        if value == 0 {
            buffer.append(UInt8(ascii: "0"))
            return
        }
        let start = buffer.count
        var remaining = value
        while remaining > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(remaining % 10))
            remaining /= 10
        }
        buffer[start...].reverse()
    }

    /// Appends `value` in Python's `repr` format and returns false, appending nothing,
    /// when it is NaN or infinite.
    ///
    /// Swift's `description` supplies the shortest digits that read back to the same
    /// Double, and this function only places the decimal point the way Python does.
    /// A decimal exponent in [-4, 16) gives positional notation, with `.0` after an
    /// integral value. Other exponents give `d.ddde±XX`.
    static func appendDouble(_ value: Double, to buffer: inout [UInt8]) -> Bool {
        guard value.isFinite else { return false }
        if value.sign == .minus {
            buffer.append(UInt8(ascii: "-"))
        }
        let description = value.magnitude.description
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
            var digitCount = 0
            var integerDigitCount = 0
            var leadingZeroCount = 0
            var exponent = 0
            var exponentIsNegative = false
            var section = 0  // 0: integer part, 1: fraction, 2: exponent
            for byte in description.utf8 {
                switch byte {
                case UInt8(ascii: "."):
                    section = 1
                case UInt8(ascii: "e"), UInt8(ascii: "E"):
                    section = 2
                case UInt8(ascii: "-"):
                    exponentIsNegative = true
                case UInt8(ascii: "+"):
                    break
                default:
                    let digit = byte &- UInt8(ascii: "0")
                    if section == 2 {
                        exponent = exponent * 10 + Int(digit)
                        continue
                    }
                    if section == 0 {
                        integerDigitCount += 1
                    }
                    if digitCount == 0 && digit == 0 {
                        leadingZeroCount += 1
                    } else if digitCount < digits.count {
                        digits[digitCount] = digit
                        digitCount += 1
                    }
                }
            }
            while digitCount > 0 && digits[digitCount - 1] == 0 {
                digitCount -= 1
            }
            if digitCount == 0 {
                appendASCII("0.0", to: &buffer)
                return true
            }
            // The value is 0.d1d2...dn × 10^decimalPoint.
            let decimalPoint = integerDigitCount - leadingZeroCount + (exponentIsNegative ? -exponent : exponent)
            let zero = UInt8(ascii: "0")
            if decimalPoint <= -4 || decimalPoint > 16 {
                buffer.append(zero + digits[0])
                if digitCount > 1 {
                    buffer.append(UInt8(ascii: "."))
                    for index in 1..<digitCount {
                        buffer.append(zero + digits[index])
                    }
                }
                let scientificExponent = decimalPoint - 1
                buffer.append(UInt8(ascii: "e"))
                buffer.append(scientificExponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                if scientificExponent.magnitude < 10 {
                    buffer.append(zero)
                }
                appendUnsigned(UInt64(scientificExponent.magnitude), to: &buffer)
            } else if decimalPoint <= 0 {
                buffer.append(zero)
                buffer.append(UInt8(ascii: "."))
                for _ in 0..<(-decimalPoint) {
                    buffer.append(zero)
                }
                for index in 0..<digitCount {
                    buffer.append(zero + digits[index])
                }
            } else if decimalPoint < digitCount {
                for index in 0..<digitCount {
                    if index == decimalPoint {
                        buffer.append(UInt8(ascii: "."))
                    }
                    buffer.append(zero + digits[index])
                }
            } else {
                for index in 0..<digitCount {
                    buffer.append(zero + digits[index])
                }
                for _ in digitCount..<decimalPoint {
                    buffer.append(zero)
                }
                buffer.append(UInt8(ascii: "."))
                buffer.append(zero)
            }
            return true
        }
    }
}
