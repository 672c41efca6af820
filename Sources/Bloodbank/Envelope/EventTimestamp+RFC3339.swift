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
        String(unsafeUninitializedCapacity: Self.maximumRFC3339Count) { buffer in
            guard let start = buffer.baseAddress else { return 0 }
            return writeRFC3339(to: start)
        }
    }

    /// The maximum length of the wire form in bytes: a year of up to 12 digits with its sign (the
    /// range of Int64 seconds) and 23 bytes from the month on.
    static let maximumRFC3339Count = 36

    /// Writes the wire form, without quotes, at `start` and returns its length, at most
    /// ``maximumRFC3339Count``.
    func writeRFC3339(to start: UnsafeMutablePointer<UInt8>) -> Int {
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (dayCount, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, day) = Self.civilDate(fromDaysSinceEpoch: dayCount)

        var position = 0
        func put(_ byte: UInt8) {
            start[position] = byte
            position += 1
        }
        func putTwoDigits(_ value: Int64) {
            start[position] = UInt8(ascii: "0") + UInt8(value / 10)
            start[position + 1] = UInt8(ascii: "0") + UInt8(value % 10)
            position += 2
        }

        if year < 0 {
            put(UInt8(ascii: "-"))
        }
        position += JSONWriter.writeDigits(UInt64(year.magnitude), minimumWidth: 4, to: start + position)
        put(UInt8(ascii: "-"))
        putTwoDigits(month)
        put(UInt8(ascii: "-"))
        putTwoDigits(day)
        put(UInt8(ascii: "T"))
        putTwoDigits(second / 3600)
        put(UInt8(ascii: ":"))
        putTwoDigits(second / 60 % 60)
        put(UInt8(ascii: ":"))
        putTwoDigits(second % 60)
        put(UInt8(ascii: "."))
        position += JSONWriter.writeDigits(UInt64(nanoseconds / 1000), minimumWidth: 6, to: start + position)
        put(UInt8(ascii: "Z"))
        return position
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

extension JSONWriter {
    /// Appends the wire form of `timestamp`, without quotes.
    func appendRFC3339(of timestamp: EventTimestamp) {
        write(reserving: EventTimestamp.maximumRFC3339Count) { start in
            timestamp.writeRFC3339(to: start)
        }
    }
}
