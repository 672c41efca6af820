internal import AMQPClient
internal import Bloodbank
import BloodbankCatalog

/// Connects `bb` commands to the broker and maps library errors to exit statuses.
enum BusConnection {
    /// Returns the registry of every event type in the ecosystem's catalog.
    static func registry() throws(CommandLineError) -> EventRegistry {
        do {
            return try BloodbankCatalog.registry()
        } catch {
            throw .failure("the built-in event catalog is invalid: \(error)")
        }
    }

    /// Connects to the broker from `BLOODBANK_URL` or the development broker's URL file.
    ///
    /// - Throws: Exit 69 when no broker is configured or it cannot be reached.
    static func connect(_ context: CommandContext, source: EventSource? = nil) async throws(CommandLineError) -> BloodbankClient {
        let url = try resolveBrokerURL(in: context)
        do {
            return try await BloodbankClient.connect(url: url, source: source, logger: context.logger)
        } catch {
            if error.underlying?.code == .invalidConfiguration || error.underlying?.code == .authenticationFailed {
                throw .failure("\(error.description); check the URL in \(BrokerURL.environmentVariable) or the broker's url file")
            }
            throw .unavailable(
                "\(error.description). Is the broker running? Start one with 'bb broker start' or set \(BrokerURL.environmentVariable)"
            )
        }
    }

    /// Connects, runs `body` with the client, and closes the client, also when `body` throws.
    static func withClient<T>(
        _ context: CommandContext,
        source: EventSource? = nil,
        _ body: (BloodbankClient) async throws -> T
    ) async throws -> T {
        let client = try await connect(context, source: source)
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }

    /// Returns this machine's host name, for `source.host`.
    static func hostName() -> String {
        BloodbankClient.localHostName()
    }
}

extension BloodbankError: CommandLineReportable {
    var commandLineError: CommandLineError {
        switch code {
        case .connection:
            .unavailable(description)
        default:
            .failure(description)
        }
    }
}
