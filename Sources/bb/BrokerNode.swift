/// The name and ports of one development RabbitMQ node, all derived from its AMQP port.
///
/// Deriving every port from the AMQP port lets the development broker (5682) and the test
/// broker (5683) run side by side. Neither collides with a system node on the default ports
/// (5672, 25672, and epmd on 4369).
struct BrokerNode: Sendable, Equatable {
    /// The lowest accepted AMQP port; lower ports need privileges.
    static let lowestPort = 1024
    /// The highest AMQP port whose derived ports (up to `port + 21010`) still fit in 65535.
    static let highestPort = 44525

    /// The AMQP port on 127.0.0.1.
    let port: Int

    /// The Erlang node name, such as `bloodbank-5682@localhost`.
    var name: String { "bloodbank-\(port)@localhost" }
    /// The port for Erlang distribution between the node and `rabbitmqctl`.
    var distributionPort: Int { port + 20000 }
    /// The port of this node's own Erlang port mapper daemon.
    var epmdPort: Int { port + 10000 }
    /// The ports that `rabbitmqctl` may listen on while it talks to the node.
    var controlDistributionPorts: ClosedRange<Int> { (port + 21000)...(port + 21010) }

    /// Returns the `amqp://` URL of the node's default virtual host `/` for `user`.
    func url(user: String, password: String) -> String {
        "amqp://\(user):\(password)@\(DevelopmentBroker.host):\(port)/%2F"
    }
}
