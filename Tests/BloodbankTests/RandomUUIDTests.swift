#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing

@testable import Bloodbank

@Suite("Random UUIDs")
struct RandomUUIDTests {
    @Test func versionAndVariantBits() {
        for _ in 0..<1000 {
            let uuid = UUID.randomVersion4().uuid
            #expect(uuid.6 >> 4 == 4, "version nibble of \(UUID(uuid: uuid))")
            #expect(uuid.8 >> 6 == 0b10, "variant bits of \(UUID(uuid: uuid))")
        }
    }

    @Test func textMatchesVersionFourPattern() {
        let text = UUID.randomVersion4().lowercasedText
        let characters = Array(text)
        #expect(characters.count == 36)
        #expect(characters[14] == "4")
        #expect("89ab".contains(characters[19]))
    }

    @Test func tenThousandAreDistinct() {
        let uuids = Set((0..<10_000).map { _ in UUID.randomVersion4() })
        #expect(uuids.count == 10_000)
    }
}
