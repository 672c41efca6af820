import AMQPWire
import Testing

/// Inputs that made a fuzz target in `Fuzz/` fail, kept so that each one keeps decoding
/// to a value or an error and never crashes again.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// A field table 33 tables deep, the deepest accepted, whose second table contains a
    /// NaN float. FuzzMethodDecoder flagged it because its equality check took the NaN,
    /// which is never `==` to itself, for a decoding difference. The codec was right.
    static let nanInDeepTable: [UInt8] = {
        var bytes = hex(
            """
            000000E7 01 "n" 46          // table of 231 bytes; key "n", F: a table
            000000E0                    //   table of 224 bytes
            01 "n" 66 FFFF00D9          //   key "n", f: a 32-bit float, a NaN with a payload
            01 "n" 46                   //   key "n", F: a chain of 31 nested tables follows
            """
        )
        // Each table in the chain contains only `01 "n" 46` and the next table, so each is
        // 7 bytes longer than the one inside it. The innermost table is empty.
        for length in stride(from: 0xD2, through: 0x07, by: -7) {
            bytes += [0, 0, 0, UInt8(length), 1, UInt8(ascii: "n"), UInt8(ascii: "F")]
        }
        bytes += [0, 0, 0, 0]
        return bytes
    }()

    @Test func nanInDeepTableRoundTrips() throws {
        #expect(Self.nanInDeepTable.count == 235)
        let table = try AMQPFieldTable.decode(Self.nanInDeepTable[...])

        guard case .table(let inner)? = table["n"], case .float(let number)? = inner["n"] else {
            Issue.record("the outer table does not hold a table with a float under key n")
            return
        }
        #expect(number.isNaN)
        #expect(number.bitPattern == 0xFFFF_00D9)

        var encoded: [UInt8] = []
        try table.encode(into: &encoded)
        #expect(encoded == Self.nanInDeepTable)
    }
}
