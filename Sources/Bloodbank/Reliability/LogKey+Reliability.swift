public import AMQPClient

extension LogKey {
    /// Handler attempts of a message so far.
    public static let attempts = "bloodbank.attempts"
}
