#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A clock tick published every 60 seconds, for schedulers and liveness checks.
public struct SystemHeartbeatTick: EventPayload, Hashable {
    /// The event type `system.heartbeat.tick`.
    public static let eventType = "system.heartbeat.tick"

    /// A quarter of the calendar year.
    public enum Quarter: String, Codable, Sendable, Hashable, CaseIterable {
        /// January to March.
        case q1 = "Q1"
        /// April to June.
        case q2 = "Q2"
        /// July to September.
        case q3 = "Q3"
        /// October to December.
        case q4 = "Q4"
    }

    /// A day of the week, in English.
    public enum DayOfWeek: String, Codable, Sendable, Hashable, CaseIterable {
        /// Monday.
        case monday = "Monday"
        /// Tuesday.
        case tuesday = "Tuesday"
        /// Wednesday.
        case wednesday = "Wednesday"
        /// Thursday.
        case thursday = "Thursday"
        /// Friday.
        case friday = "Friday"
        /// Saturday.
        case saturday = "Saturday"
        /// Sunday.
        case sunday = "Sunday"
    }

    /// The tick's sequence number since the scheduler started.
    public var tick: Int
    /// When the tick fired.
    public var timestamp: Date
    /// When the tick fired, in milliseconds since 1970 (UTC).
    public var epochMs: Int
    /// The quarter of the year, in UTC.
    public var quarter: Quarter
    /// The day of the week, in UTC.
    public var dayOfWeek: DayOfWeek
    /// The hour of the day, 0 to 23, in UTC.
    public var hour: Int
    /// The minute of the hour, 0 to 59.
    public var minute: Int

    enum CodingKeys: String, CodingKey {
        case tick
        case timestamp
        case epochMs = "epoch_ms"
        case quarter
        case dayOfWeek = "day_of_week"
        case hour
        case minute
    }

    /// Creates the payload.
    public init(
        tick: Int,
        timestamp: Date,
        epochMs: Int,
        quarter: Quarter,
        dayOfWeek: DayOfWeek,
        hour: Int,
        minute: Int
    ) {
        self.tick = tick
        self.timestamp = timestamp
        self.epochMs = epochMs
        self.quarter = quarter
        self.dayOfWeek = dayOfWeek
        self.hour = hour
        self.minute = minute
    }
}

extension SystemHeartbeatTick: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .hour: FieldConstraint.range(0...23),
        .minute: FieldConstraint.range(0...59),
    ])
}
