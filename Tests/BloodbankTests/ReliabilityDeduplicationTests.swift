import Bloodbank
import Foundation
import Testing

@Suite("De-duplication stores")
struct ReliabilityDeduplicationTests {
    @Test func memoryStoreRemembersWithinWindow() async throws {
        let store = InMemoryDeduplicationStore(window: .milliseconds(200))
        #expect(try await !store.contains("a", scope: "q"))
        try await store.insert("a", scope: "q")
        #expect(try await store.contains("a", scope: "q"))
        #expect(try await !store.contains("a", scope: "other"))
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await !store.contains("a", scope: "q"))
    }

    @Test func memoryStoreForgetsOldestPastCapacity() async throws {
        let store = InMemoryDeduplicationStore(window: .seconds(60), capacity: 3)
        for id in ["a", "b", "c", "d"] {
            try await store.insert(id, scope: "q")
        }
        #expect(try await !store.contains("a", scope: "q"))
        #expect(try await store.contains("b", scope: "q"))
        #expect(try await store.contains("d", scope: "q"))
    }

    @Test func sqliteStoreSurvivesReopening() async throws {
        let path = ReliabilityOutboxStoreTests.temporaryPath("dedup")
        defer { ReliabilityOutboxStoreTests.remove(path) }
        do {
            let store = try SQLiteDeduplicationStore(path: path, window: .seconds(60))
            try await store.insert("event-1", scope: "orders")
        }
        let reopened = try SQLiteDeduplicationStore(path: path, window: .seconds(60))
        #expect(try await reopened.contains("event-1", scope: "orders"))
        #expect(try await !reopened.contains("event-1", scope: "billing"))
        #expect(try await !reopened.contains("event-2", scope: "orders"))
    }

    @Test func sqliteStoreForgetsPastWindow() async throws {
        let path = ReliabilityOutboxStoreTests.temporaryPath("dedup-window")
        defer { ReliabilityOutboxStoreTests.remove(path) }
        let store = try SQLiteDeduplicationStore(path: path, window: .milliseconds(100))
        try await store.insert("event-1", scope: "orders")
        try await Task.sleep(for: .milliseconds(250))
        #expect(try await !store.contains("event-1", scope: "orders"))
    }
}
