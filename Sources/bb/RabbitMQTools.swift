/// The programs that run a development broker: RabbitMQ's server and control scripts, and
/// Erlang's port mapper daemon.
struct RabbitMQTools: Sendable {
    /// `rabbitmq-server`, which runs a node in the foreground.
    let server: String
    /// `rabbitmqctl`, which manages a running node.
    let control: String
    /// `epmd`, the Erlang port mapper daemon that nodes register with.
    let epmd: String

    /// The directory of the unwrapped scripts of Debian's `rabbitmq-server` package. The copies in
    /// `/usr/sbin` switch to the `rabbitmq` user when run as root, which cannot write a
    /// data directory owned by the caller, so these are preferred.
    static let debianScriptDirectory = "/usr/lib/rabbitmq/bin"
    /// The directory where Debian's `erlang-base` package keeps `epmd` besides `/usr/bin`.
    static let erlangBinaryDirectory = "/usr/lib/erlang/bin"

    /// Finds the programs in the Debian locations, then on `PATH`.
    ///
    /// - Throws: ``CommandLineError/unavailable(_:detail:)`` naming the missing program and
    ///   the package that provides it.
    static func locate(searchPath: String?) throws(CommandLineError) -> RabbitMQTools {
        guard
            let server = ExecutableLocator.find(
                "rabbitmq-server", preferredDirectories: [debianScriptDirectory], searchPath: searchPath),
            let control = ExecutableLocator.find(
                "rabbitmqctl", preferredDirectories: [debianScriptDirectory], searchPath: searchPath)
        else {
            throw .unavailable(
                "rabbitmq-server not found in \(debianScriptDirectory) or on PATH; install it with "
                    + "'apt-get install rabbitmq-server' or run scripts/setup.sh")
        }
        guard
            let epmd = ExecutableLocator.find(
                "epmd", preferredDirectories: [], searchPath: (searchPath ?? "") + ":" + erlangBinaryDirectory)
        else {
            throw .unavailable(
                "epmd not found on PATH or in \(erlangBinaryDirectory); install it with 'apt-get install erlang-base'")
        }
        return RabbitMQTools(server: server, control: control, epmd: epmd)
    }
}
