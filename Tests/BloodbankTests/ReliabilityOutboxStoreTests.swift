import Bloodbank
import Foundation
import Testing

@Suite("Outbox file")
struct ReliabilityOutboxStoreTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bloodbank-\(name)-\(UUID().uuidString).sqlite").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test func entriesKeepStoredOrder() async throws {
        let path = Self.temporaryPath("order")
        defer { Self.remove(path) }
        let outbox = try Outbox(path: path)
        var sequences: [Int64] = []
        for index in 0..<20 {
            sequences.append(try await outbox.enqueue(body: Array("event \(index)".utf8), routingKey: "test.outbox.stored", eventID: "id-\(index)"))
        }
        #expect(sequences == sequences.sorted())
        let pending = try await outbox.pending()
        #expect(pending.map(\.eventID) == (0..<20).map { "id-\($0)" })
        #expect(pending.first?.body == Array("event 0".utf8))
        #expect(try await outbox.pendingCount() == 20)
    }

    @Test func entriesSurviveReopening() async throws {
        let path = Self.temporaryPath("reopen")
        defer { Self.remove(path) }
        do {
            let outbox = try Outbox(path: path)
            try await outbox.enqueue(body: [0x7b, 0x7d], routingKey: "test.outbox.kept", eventID: "kept")
        }
        let reopened = try Outbox(path: path)
        let pending = try await reopened.pending()
        #expect(pending.count == 1)
        #expect(pending.first?.routingKey == "test.outbox.kept")
        #expect(pending.first?.body == [0x7b, 0x7d])
    }

    @Test func invalidRoutingKeyIsRejected() async throws {
        let path = Self.temporaryPath("invalid")
        defer { Self.remove(path) }
        let outbox = try Outbox(path: path)
        await #expect(throws: BloodbankError.self) {
            try await outbox.enqueue(body: [], routingKey: "", eventID: "empty")
        }
        #expect(try await outbox.pendingCount() == 0)
    }

    @Test func unwritablePathFailsWithStorageError() {
        #expect {
            try Outbox(path: "/nonexistent-directory/outbox.sqlite")
        } throws: { error in
            (error as? BloodbankError)?.code == .storage
        }
    }
}
