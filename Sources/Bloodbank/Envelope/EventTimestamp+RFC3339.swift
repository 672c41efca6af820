extension EventTimestamp {
    /// Parses an RFC 3339 date-time such as `2026-01-27T10:00:00.123456+02:00`.
    ///
    /// Accepts 0 to 9 fraction digits, `T`, `t` or a space between date and time, and
    /// `Z`, `z` or a numeric offset `±HH:MM`. Returns nil for anything else, including
    /// a leap second (`:60`), which Python's `datetime` cannot produce either.
    public init?(rfc3339 text: String) {
        let parsed = text.utf8.withContiguousStorageIfAvailable { bytes in
            Self.parseRFC3339(bytes)
        }
        if let parsed {
            guard let parsed else { return nil }
            self = parsed
        } else {
            guard let parsed = Array(text.utf8).withUnsafeBufferPointer({ Self.parseRFC3339($0) }) else {
                return nil
            }
            self = parsed
        }
    }

    /// The wire form: UTC, six fraction digits, `Z`.
    public var rfc3339String: String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(27)
        appendRFC3339(to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends the wire form, without quotes, to `buffer`.
    func appendRFC3339(to buffer: inout [UInt8]) {
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (dayCount, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, day) = Self.civilDate(fromDaysSinceEpoch: dayCount)

        if year < 0 {
            buffer.append(UInt8(ascii: "-"))
        }
        Self.appendPadded(UInt64(year.magnitude), width: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        Self.appendPadded(UInt64(month), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        Self.appendPadded(UInt64(day), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        Self.appendPadded(UInt64(second / 3600), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        Self.appendPadded(UInt64(second / 60 % 60), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        Self.appendPadded(UInt64(second % 60), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "."))
        Self.appendPadded(UInt64(nanoseconds / 1000), width: 6, to: &buffer)
        buffer.append(UInt8(ascii: "Z"))
    }

    private static func appendPadded(_ value: UInt64, width: Int, to buffer: inout [UInt8]) {
        let start = buffer.count
        var remaining = value
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(remaining % 10))
            remaining /= 10
        } while remaining > 0
        while buffer.count - start < width {
            buffer.append(UInt8(ascii: "0"))
        }
        buffer[start...].reverse()
    }

    // MARK: Parsing

    static func parseRFC3339(_ bytes: UnsafeBufferPointer<UInt8>) -> EventTimestamp? {
        var cursor = 0

        func digits(_ count: Int) -> Int64? {
            guard cursor + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<count {
                let digit = bytes[cursor] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
                cursor += 1
            }
            return value
        }

        func consume(_ byte: UInt8) -> Bool {
            guard cursor < bytes.count, bytes[cursor] == byte else { return false }
            cursor += 1
            return true
        }

        guard let year = digits(4), consume(UInt8(ascii: "-")),
            let month = digits(2), consume(UInt8(ascii: "-")),
            let day = digits(2)
        else { return nil }
        guard cursor < bytes.count,
            bytes[cursor] == UInt8(ascii: "T") || bytes[cursor] == UInt8(ascii: "t") || bytes[cursor] == UInt8(ascii: " ")
        else { return nil }
        cursor += 1
        guard let hour = digits(2), consume(UInt8(ascii: ":")),
            let minute = digits(2), consume(UInt8(ascii: ":")),
            let second = digits(2)
        else { return nil }

        guard (1...12).contains(month),
            day >= 1, day <= daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 59
        else { return nil }

        var nanoseconds: Int64 = 0
        if consume(UInt8(ascii: ".")) {
            var fractionDigits = 0
            while cursor < bytes.count, bytes[cursor] &- UInt8(ascii: "0") < 10 {
                guard fractionDigits < 9 else { return nil }
                nanoseconds = nanoseconds * 10 + Int64(bytes[cursor] - UInt8(ascii: "0"))
                fractionDigits += 1
                cursor += 1
            }
            guard fractionDigits > 0 else { return nil }
            for _ in fractionDigits..<9 {
                nanoseconds *= 10
            }
        }

        guard cursor < bytes.count else { return nil }
        var offsetSeconds: Int64 = 0
        switch bytes[cursor] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            cursor += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = bytes[cursor] == UInt8(ascii: "-") ? -1 : 1
            cursor += 1
            guard let offsetHour = digits(2), consume(UInt8(ascii: ":")), let offsetMinute = digits(2),
                offsetHour <= 23, offsetMinute <= 59
            else { return nil }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
        default:
            return nil
        }
        guard cursor == bytes.count else { return nil }

        let days = daysSinceEpoch(year: year, month: month, day: day)
        let localSeconds = days * 86_400 + hour * 3600 + minute * 60 + second
        return EventTimestamp(seconds: localSeconds - offsetSeconds, nanoseconds: UInt32(nanoseconds))
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2:
            let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return isLeap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    // The two conversions below follow Howard Hinnant's proleptic Gregorian
    // algorithms `days_from_civil` and `civil_from_days`, which work in 400-year eras.

    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(fromDaysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
