import AMQPWire
import Testing

/// Field tables and arrays with RabbitMQ's type tags, their nesting limit, and malformed
/// tables.
@Suite("Field table codec")
struct FieldTableTests {
    /// One entry per type tag, in the order `AMQPFieldValue` lists them.
    static let everyTag: AMQPFieldTable = [
        "bool": .boolean(true),
        "i8": .int8(-2),
        "u8": .uint8(255),
        "i16": .int16(-2),
        "u16": .uint16(65535),
        "i32": .int32(-2),
        "u32": .uint32(4_294_967_295),
        "i64": .int64(-2),
        "f32": .float(1.5),
        "f64": .double(1.5),
        "dec": .decimal(scale: 2, value: 1234),
        "str": .string("hi"),
        "arr": .array([.int8(1), .longString([])]),
        "ts": .timestamp(1_700_000_000),
        "tbl": .table(["k": .void]),
        "void": .void,
        "bin": .byteArray([1, 2, 3]),
    ]

    static let everyTagBytes = hex(
        """
        000000A3                    // table of 163 bytes
        04 "bool" 74 01             // t: boolean true
        02 "i8" 62 FE               // b: signed 8-bit -2
        02 "u8" 42 FF               // B: unsigned 8-bit 255
        03 "i16" 73 FFFE            // s: signed 16-bit -2
        03 "u16" 75 FFFF            // u: unsigned 16-bit 65535
        03 "i32" 49 FFFFFFFE        // I: signed 32-bit -2
        03 "u32" 69 FFFFFFFF        // i: unsigned 32-bit 4294967295
        03 "i64" 6C FFFFFFFFFFFFFFFE // l: signed 64-bit -2
        03 "f32" 66 3FC00000        // f: 32-bit float 1.5
        03 "f64" 64 3FF8000000000000 // d: 64-bit float 1.5
        03 "dec" 44 02 000004D2     // D: scale 2, value 1234 (12.34)
        03 "str" 53 00000002 "hi"   // S: long string of 2 bytes
        03 "arr" 41 00000007        // A: array of 7 bytes
          62 01                     //   b: 1
          53 00000000               //   S: empty long string
        02 "ts" 54 000000006553F100 // T: timestamp 1700000000
        03 "tbl" 46 00000003        // F: table of 3 bytes
          01 "k" 56                 //   key "k", V: void
        04 "void" 56                // V: void, no value bytes
        03 "bin" 78 00000003 010203 // x: byte array of 3 bytes
        """
    )

    /// Builds, byte by byte and without the codec under test, a table whose innermost table
    /// is `levels` tables below the outer one.
    static func nestedTableBytes(levels: Int) -> [UInt8] {
        var table: [UInt8] = [0, 0, 0, 0]  // the innermost table: empty
        for _ in 0..<levels {
            let entry: [UInt8] = [1, UInt8(ascii: "n"), UInt8(ascii: "F")] + table
            table = [0, 0, UInt8(entry.count >> 8), UInt8(entry.count & 0xFF)] + entry
        }
        return table
    }

    static func nestedTable(levels: Int) -> AMQPFieldTable {
        var table = AMQPFieldTable()
        for _ in 0..<levels {
            table = ["n": .table(table)]
        }
        return table
    }

    @Test func everyTagDecodes() throws {
        #expect(try AMQPFieldTable.decode(Self.everyTagBytes[...]) == Self.everyTag)
    }

    @Test func everyTagEncodes() throws {
        var bytes: [UInt8] = []
        try Self.everyTag.encode(into: &bytes)
        #expect(bytes == Self.everyTagBytes)
    }

    @Test func extremeValuesRoundTrip() throws {
        let table: AMQPFieldTable = [
            "min8": .int8(.min), "min16": .int16(.min), "min32": .int32(.min), "min64": .int64(.min),
            "max64": .int64(.max), "false": .boolean(false), "zero": .float(0), "neg": .double(-1e300),
            "ts": .timestamp(.max), "text": .string("héllo ✓"), "empty": .table([:]), "emptyArray": .array([]),
            "nested": .array([.table(["deep": .array([.void, .uint8(7)])])]),
        ]
        var bytes: [UInt8] = []
        try table.encode(into: &bytes)
        #expect(try AMQPFieldTable.decode(bytes[...]) == table)
    }

    @Test func keepsEntryOrder() throws {
        let table = AMQPFieldTable([("b", .uint8(1)), ("a", .uint8(2))])
        var bytes: [UInt8] = []
        try table.encode(into: &bytes)
        let decoded = try AMQPFieldTable.decode(bytes[...])
        #expect(decoded.entries.map(\.key) == ["b", "a"])
    }

    @Test func nestingAtLimitDecodes() throws {
        let bytes = Self.nestedTableBytes(levels: AMQPFieldTable.maximumNestingDepth)
        #expect(try AMQPFieldTable.decode(bytes[...]) == Self.nestedTable(levels: AMQPFieldTable.maximumNestingDepth))
    }

    @Test func nestingPastLimitFailsDecode() {
        let bytes = Self.nestedTableBytes(levels: AMQPFieldTable.maximumNestingDepth + 1)
        let error = #expect(throws: AMQPWireError.self) { try AMQPFieldTable.decode(bytes[...]) }
        #expect(error?.code == .nestingTooDeep)
    }

    @Test func nestingAtLimitEncodes() throws {
        var bytes: [UInt8] = []
        try Self.nestedTable(levels: AMQPFieldTable.maximumNestingDepth).encode(into: &bytes)
        #expect(bytes == Self.nestedTableBytes(levels: AMQPFieldTable.maximumNestingDepth))
    }

    @Test func nestingPastLimitFailsEncode() {
        var bytes: [UInt8] = [0xAA]
        let table = Self.nestedTable(levels: AMQPFieldTable.maximumNestingDepth + 1)
        let error = #expect(throws: AMQPWireError.self) { try table.encode(into: &bytes) }
        #expect(error?.code == .nestingTooDeep)
        #expect(bytes == [0xAA], "a failed encode leaves the buffer as it was")
    }

    @Test func nestedArraysPastLimitFailEncode() {
        var value = AMQPFieldValue.void
        for _ in 0...AMQPFieldTable.maximumNestingDepth {
            value = .array([value])
        }
        let table: AMQPFieldTable = ["a": value]
        var bytes: [UInt8] = []
        let error = #expect(throws: AMQPWireError.self) { try table.encode(into: &bytes) }
        #expect(error?.code == .nestingTooDeep)
    }

    @Test func nestedArraysPastLimitFailDecode() {
        // Each level is an array holding one array; the innermost array is empty.
        var array: [UInt8] = [0, 0, 0, 0]
        for _ in 0..<AMQPFieldTable.maximumNestingDepth {
            let element = [UInt8(ascii: "A")] + array
            array = [0, 0, UInt8(element.count >> 8), UInt8(element.count & 0xFF)] + element
        }
        let entry = [1, UInt8(ascii: "a"), UInt8(ascii: "A")] + array
        let table = [0, 0, UInt8(entry.count >> 8), UInt8(entry.count & 0xFF)] + entry
        let error = #expect(throws: AMQPWireError.self) { try AMQPFieldTable.decode(table[...]) }
        #expect(error?.code == .nestingTooDeep)
    }

    @Test func truncatedTableFails() {
        let bytes = hex(
            """
            00000010            // table claims 16 bytes
            03 "key" 74 01      // but only 6 follow
            """
        )
        let error = #expect(throws: AMQPWireError.self) { try AMQPFieldTable.decode(bytes[...]) }
        #expect(error?.code == .truncated)
    }

    @Test func valueCutByTableLengthFails() {
        let bytes = hex(
            """
            00000007            // table of 7 bytes
            03 "key" 49 0000    // tag I needs 4 value bytes; the table ends after 2
            00 00               // bytes after the table do not count
            """
        )
        let error = #expect(throws: AMQPWireError.self) { try AMQPFieldTable.decode(bytes[...]) }
        #expect(error?.code == .truncated)
    }

    @Test func unknownTagFails() {
        let bytes = hex(
            """
            00000006            // table of 6 bytes
            03 "key" 55 00      // tag U is not one RabbitMQ uses
            """
        )
        let error = #expect(throws: AMQPWireError.self) { try AMQPFieldTable.decode(bytes[...]) }
        #expect(error?.code == .invalidFieldValue)
    }

    @Test func invalidUTF8KeyFails() {
        let bytes = hex(
            """
            00000004            // table of 4 bytes
            02 C3 28 56         // key of 2 bytes that are not UTF-8, tag V
            """
        )
        let error = #expect(throws: AMQPWireError.self) { try AMQPFieldTable.decode(bytes[...]) }
        #expect(error?.code == .invalidFieldValue)
    }

    @Test func trailingBytesFail() {
        let bytes = hex("00000000 FF")  // empty table, then one more byte
        let error = #expect(throws: AMQPWireError.self) { try AMQPFieldTable.decode(bytes[...]) }
        #expect(error?.code == .trailingBytes)
    }
}
