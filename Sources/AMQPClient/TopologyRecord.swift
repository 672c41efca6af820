import AMQPWire

/// The exchanges, queues and bindings declared through a connection, so that recovery
/// can declare them again on a new connection.
///
/// Passive declarations, the default exchange and `amq.*` names are not recorded;
/// deleting a queue or exchange through the client removes it and its bindings.
struct TopologyRecord {
    struct RecordedQueue {
        var declare: AMQPMethod.Queue.Declare
        /// The broker chose the name: recovery declares it with an empty name and
        /// renames it everywhere it appears.
        var isServerNamed: Bool
    }

    private(set) var exchanges: [AMQPMethod.Exchange.Declare] = []
    private(set) var queues: [String: RecordedQueue] = [:]
    private(set) var queueOrder: [String] = []
    private(set) var bindings: [AMQPMethod.Queue.Bind] = []

    mutating func recordExchange(_ declare: AMQPMethod.Exchange.Declare) {
        guard !declare.passive, !declare.exchange.isEmpty, !declare.exchange.hasPrefix("amq.") else { return }
        exchanges.removeAll { $0.exchange == declare.exchange }
        exchanges.append(declare)
    }

    mutating func recordQueue(_ declare: AMQPMethod.Queue.Declare, actualName: String) {
        guard !declare.passive else { return }
        var stored = declare
        stored.queue = actualName
        if queues[actualName] == nil { queueOrder.append(actualName) }
        queues[actualName] = RecordedQueue(declare: stored, isServerNamed: declare.queue.isEmpty)
    }

    mutating func recordBinding(_ bind: AMQPMethod.Queue.Bind) {
        guard !bindings.contains(bind) else { return }
        bindings.append(bind)
    }

    mutating func removeBinding(_ bind: AMQPMethod.Queue.Bind) {
        bindings.removeAll { $0.queue == bind.queue && $0.exchange == bind.exchange && $0.routingKey == bind.routingKey }
    }

    mutating func removeQueue(_ name: String) {
        queues[name] = nil
        queueOrder.removeAll { $0 == name }
        bindings.removeAll { $0.queue == name }
    }

    mutating func removeExchange(_ name: String) {
        exchanges.removeAll { $0.exchange == name }
        bindings.removeAll { $0.exchange == name }
    }

    /// Replaces a server-named queue's old name with the one the broker chose on recovery.
    mutating func renameQueue(from oldName: String, to newName: String) {
        guard oldName != newName, var queue = queues.removeValue(forKey: oldName) else { return }
        queue.declare.queue = newName
        queues[newName] = queue
        queueOrder = queueOrder.map { $0 == oldName ? newName : $0 }
        for index in bindings.indices where bindings[index].queue == oldName {
            bindings[index].queue = newName
        }
    }

    var orderedQueues: [RecordedQueue] {
        queueOrder.compactMap { queues[$0] }
    }
}
