import Synchronization

/// A counter shared by tasks, for "every Nth call" housekeeping.
final class InsertCounter: Sendable {
    private let value = Atomic<Int>(0)

    /// Returns the next count, starting at 1.
    func next() -> Int {
        value.add(1, ordering: .relaxed).newValue
    }
}
