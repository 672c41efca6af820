/// A deterministic random number generator seeded from the fuzz input itself.
///
/// libFuzzer must be able to replay a crash from the saved input alone, so every choice a
/// fuzz target makes (chunk sizes, the frame size limit) comes from this generator rather
/// than from the system's randomness. The seed is the 64-bit FNV-1a hash of the input, and
/// the sequence is SplitMix64.
public struct InputDerivedGenerator: RandomNumberGenerator {
    private var state: UInt64

    /// Creates a generator whose sequence depends on every byte of `input`.
    public init(seededBy input: [UInt8]) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        input.withUnsafeBufferPointer { bytes in
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        state = hash
    }

    /// Returns the next 64 bits of the SplitMix64 sequence.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
