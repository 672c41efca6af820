#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The event a handler is processing, carried in a task-local value.
///
/// A subscription sets it while a handler runs, so that every event the handler
/// publishes lists the handled event's id in `correlation_ids` without the handler
/// passing it along: causation is recorded for free.
public enum EventContext {
    /// The id of the event being handled by the current task, if any.
    @TaskLocal public static var causingEventID: UUID?
}
