/// The chat channel an OpenClaw agent talks through.
public enum OpenClawChannel: String, Codable, Sendable, Hashable, CaseIterable {
    /// Telegram.
    case telegram
    /// WhatsApp.
    case whatsapp
    /// Discord.
    case discord
    /// Signal.
    case signal
    /// Apple iMessage.
    case imessage
    /// A terminal session.
    case cli
    /// A web chat.
    case web
    /// A direct API call.
    case api
}
