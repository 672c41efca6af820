import AMQPClient
import Foundation
import Testing

/// The RabbitMQ node the integration tests run against.
///
/// `scripts/test.sh` starts a private node and exports its URL as `BLOODBANK_TEST_URL`.
/// Without it every integration test fails with an explanation instead of being
/// skipped, so a run that forgot the broker can never pass.
enum TestBroker {
    static let urlVariable = "BLOODBANK_TEST_URL"

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "\(TestBroker.urlVariable) is not set: run the tests with scripts/test.sh, which starts a private RabbitMQ node"
        }
    }

    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment[urlVariable], !url.isEmpty else {
            throw Missing()
        }
        return url
    }

    static func configuration() throws -> AMQPConfiguration {
        try AMQPConfiguration(url: url())
    }

    static func connect(heartbeatSeconds: UInt16? = nil) async throws -> AMQPConnection {
        var configuration = try configuration()
        if let heartbeatSeconds { configuration.heartbeatSeconds = heartbeatSeconds }
        return try await AMQPConnection.connect(configuration)
    }

    /// A name no other test run uses, such as `test.publish.3f2c8a4e`.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix).\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// Runs `body` with a deadline so that a broken test fails instead of hanging the run.
func withDeadline<T: Sendable>(
    _ duration: Duration,
    _ what: String,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: duration)
            return nil
        }
        guard let first = try await group.next(), let value = first else {
            group.cancelAll()
            throw DeadlineExceeded(what: what, duration: duration)
        }
        group.cancelAll()
        return value
    }
}

struct DeadlineExceeded: Error, CustomStringConvertible {
    var what: String
    var duration: Duration
    var description: String { "\(what) did not finish within \(duration)" }
}
