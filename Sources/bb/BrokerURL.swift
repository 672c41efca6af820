/// Finds the broker URL that `bb` commands connect to, and prepares URLs for display.
enum BrokerURL {
    /// The environment variable that contains the broker URL.
    static let environmentVariable = "BLOODBANK_URL"

    /// The text that replaces a password in displayed URLs.
    static let redactedPassword = "****"

    /// Returns the broker URL from `BLOODBANK_URL`, or else from the URL file that
    /// `bb broker start` writes in the default broker directory under `currentDirectory`.
    ///
    /// - Throws: ``CommandLineError/unavailable(_:detail:)`` when neither is set, and
    ///   ``CommandLineError/failure(_:detail:)`` when the URL file exists but cannot be read
    ///   or is empty.
    static func resolve(environment: [String: String], currentDirectory: String) throws(CommandLineError) -> String {
        if let url = environment[environmentVariable], !url.isEmpty {
            return url
        }
        let broker = DevelopmentBroker(directory: DevelopmentBroker.defaultDirectory, relativeTo: currentDirectory)
        guard FileSystem.fileExists(broker.urlFile) else {
            throw .unavailable(
                "no broker configured: \(environmentVariable) is not set and \(broker.urlFile) does not exist; "
                    + "set \(environmentVariable), or run 'bb broker start' in this directory")
        }
        let contents: String
        do {
            contents = try FileSystem.readText(broker.urlFile)
        } catch {
            throw .failure("cannot read the broker URL from \(broker.urlFile): \(error)")
        }
        let url = contents.trimmingWhitespace()
        guard !url.isEmpty else {
            throw .failure("the broker URL file \(broker.urlFile) is empty; run 'bb broker start' to write it again")
        }
        return url
    }

    /// Returns `url` with the password of its user information replaced by `****`, for
    /// display and logs: `amqp://bloodbank:s3cret@127.0.0.1:5682/%2F` becomes
    /// `amqp://bloodbank:****@127.0.0.1:5682/%2F`.
    ///
    /// The user information is taken up to the last `@`, so a password that contains an
    /// unencoded `/` or `@` is still hidden. The cost is that an `@` in the path of a URL
    /// with a password hides the host too. A URL without a password is returned unchanged.
    static func redactingPassword(in url: String) -> String {
        guard let schemeEnd = url.range(of: "://"),
            let userInfoEnd = url[schemeEnd.upperBound...].lastIndex(of: "@")
        else {
            return url
        }
        let userInfo = url[schemeEnd.upperBound..<userInfoEnd]
        guard let colon = userInfo.firstIndex(of: ":") else {
            return url
        }
        return String(url[..<url.index(after: colon)]) + redactedPassword + String(url[userInfoEnd...])
    }
}

/// Returns the broker URL for a command: `BLOODBANK_URL`, or else the URL that
/// `bb broker start` wrote to `.bloodbank/broker/url` under the current directory.
///
/// - Throws: ``CommandLineError`` with the message "no broker configured: set
///   BLOODBANK_URL or run 'bb broker start'" (exit 69) when neither exists.
func resolveBrokerURL(in context: CommandContext) throws(CommandLineError) -> String {
    try BrokerURL.resolve(environment: context.environment, currentDirectory: context.currentDirectory)
}
