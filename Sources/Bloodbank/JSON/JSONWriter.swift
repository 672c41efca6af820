/// A growable byte buffer that JSON text is written into.
///
/// The envelope writer, the tree writer and the streaming encoder all write through a
/// writer and copy its bytes out once at the end. Writing through a raw buffer skips the
/// uniqueness and capacity checks that every `append` to an `[UInt8]` makes.
///
/// A writer belongs to one encoding on one thread. Its properties skip the runtime
/// exclusivity checks, which took about a sixth of an envelope's encoding time, because
/// no method calls code that could reach them during an access to one of them.
final class JSONWriter {
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    /// The number of bytes written.
    @exclusivity(unchecked) private(set) var count = 0

    /// Creates an empty writer with room for `capacity` bytes before it grows.
    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written, as a new array.
    var bytes: [UInt8] {
        [UInt8](UnsafeBufferPointer(start: base, count: count))
    }

    /// Appends the bytes written to `buffer`.
    func appendBytes(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }

    /// Makes room for `extra` more bytes.
    func reserve(_ extra: Int) {
        if capacity - count < extra {
            grow(toAtLeast: count + extra)
        }
    }

    private func grow(toAtLeast minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum {
            newCapacity *= 2
        }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Reserves `maximumCount` bytes, lets `body` write at most that many at the end of
    /// the text, and keeps the number of bytes that `body` returns.
    func write(reserving maximumCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(maximumCount)
        count += body(base + count)
    }

    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    func appendASCII(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    // MARK: Strings

    /// Appends `string` as a quoted JSON string.
    ///
    /// `"`, `\` and the control characters U+0000 to U+001F are escaped: `\b`, `\f`,
    /// `\n`, `\r` and `\t` in their short forms, the others as `\u00XX`. Non-ASCII
    /// characters stay UTF-8 and `/` is not escaped.
    func appendQuoted(_ string: String) {
        let handled: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            appendQuoted(utf8: bytes)
        }
        if handled == nil {
            Array(string.utf8).withUnsafeBufferPointer { bytes in
                appendQuoted(utf8: bytes)
            }
        }
    }

    /// Appends UTF-8 text as a quoted JSON string, escaped as in ``appendQuoted(_:)``.
    func appendQuoted(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        // The quotes and the text when nothing needs escaping; an escape reserves more.
        reserve(bytes.count + 2)
        base[count] = UInt8(ascii: "\"")
        count += 1
        var runStart = 0
        var index = 0
        let source = UnsafeRawPointer(bytes.baseAddress)
        while index < bytes.count {
            if let source, index + 8 <= bytes.count,
                !JSONByteScan.mayNeedEscape(source.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            append(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            appendEscape(for: byte)
            index += 1
            runStart = index
        }
        append(UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        append(UInt8(ascii: "\""))
    }

    private func appendEscape(for byte: UInt8) {
        reserve(6)
        base[count] = UInt8(ascii: "\\")
        let letter: UInt8
        switch byte {
        case UInt8(ascii: "\""): letter = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): letter = UInt8(ascii: "\\")
        case 0x08: letter = UInt8(ascii: "b")
        case 0x0C: letter = UInt8(ascii: "f")
        case 0x0A: letter = UInt8(ascii: "n")
        case 0x0D: letter = UInt8(ascii: "r")
        case 0x09: letter = UInt8(ascii: "t")
        default:
            base[count + 1] = UInt8(ascii: "u")
            base[count + 2] = UInt8(ascii: "0")
            base[count + 3] = UInt8(ascii: "0")
            base[count + 4] = Self.hexDigit(byte >> 4)
            base[count + 5] = Self.hexDigit(byte & 0x0F)
            count += 6
            return
        }
        base[count + 1] = letter
        count += 2
    }

    /// Returns the lower-case hex digit of `value`, which is below 16.
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    // MARK: Numbers

    /// Appends the decimal digits of `value`.
    func appendInteger(_ value: Int64) {
        if value < 0 {
            append(UInt8(ascii: "-"))
        }
        appendDigits(value.magnitude, minimumWidth: 1)
    }

    /// Appends the decimal digits of `value`, with leading zeros up to `minimumWidth`.
    func appendDigits(_ value: UInt64, minimumWidth: Int) {
        write(reserving: max(20, minimumWidth)) { start in
            Self.writeDigits(value, minimumWidth: minimumWidth, to: start)
        }
    }

    /// Writes the decimal digits of `value` at `start`, with leading zeros up to
    /// `minimumWidth`, and returns their number, at most `max(20, minimumWidth)`.
    static func writeDigits(_ value: UInt64, minimumWidth: Int, to start: UnsafeMutablePointer<UInt8>) -> Int {
        var digitCount = 1
        var rest = value / 10
        while rest > 0 {
            digitCount += 1
            rest /= 10
        }
        let width = max(digitCount, minimumWidth)
        var position = width
        var remaining = value
        while position > 0 {
            position -= 1
            start[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        return width
    }

    /// Appends `value` in Python's `repr` format and returns false, appending nothing,
    /// when it is NaN or infinite.
    ///
    /// Swift's `description` supplies the shortest digits that read back to the same
    /// Double, and this function only places the decimal point the way Python does.
    /// A decimal exponent in [-4, 16) gives positional notation, with `.0` after an
    /// integral value. Other exponents give `d.ddde±XX`.
    func appendDouble(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if value.sign == .minus {
            append(UInt8(ascii: "-"))
        }
        let description = value.magnitude.description
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
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
                appendASCII("0.0")
                return
            }
            // The value is 0.d1d2...dn × 10^decimalPoint.
            let decimalPoint = integerDigitCount - leadingZeroCount + (exponentIsNegative ? -exponent : exponent)
            let zero = UInt8(ascii: "0")
            if decimalPoint <= -4 || decimalPoint > 16 {
                append(zero + digits[0])
                if digitCount > 1 {
                    append(UInt8(ascii: "."))
                    for index in 1..<digitCount {
                        append(zero + digits[index])
                    }
                }
                let scientificExponent = decimalPoint - 1
                append(UInt8(ascii: "e"))
                append(scientificExponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                appendDigits(UInt64(scientificExponent.magnitude), minimumWidth: 2)
            } else if decimalPoint <= 0 {
                append(zero)
                append(UInt8(ascii: "."))
                for _ in 0..<(-decimalPoint) {
                    append(zero)
                }
                for index in 0..<digitCount {
                    append(zero + digits[index])
                }
            } else if decimalPoint < digitCount {
                for index in 0..<digitCount {
                    if index == decimalPoint {
                        append(UInt8(ascii: "."))
                    }
                    append(zero + digits[index])
                }
            } else {
                for index in 0..<digitCount {
                    append(zero + digits[index])
                }
                for _ in digitCount..<decimalPoint {
                    append(zero)
                }
                append(UInt8(ascii: "."))
                append(zero)
            }
        }
        return true
    }
}
