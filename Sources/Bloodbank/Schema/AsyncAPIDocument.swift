/// Builds an AsyncAPI 3.0 document that describes the bus: both exchanges, a channel
/// per event and command type, and the envelope and payload schemas.
///
/// Each event type is a channel on `bloodbank.events.v1` whose address is its routing
/// key. A templated type gets an address such as `agent.{agent_name}.message.received`
/// with one channel parameter per field. Each command type is a channel on
/// `bloodbank.commands.v1`, and a generic command channel documents that exchange even
/// when no command type is given. Channels carry AMQP channel bindings (binding
/// version 0.3.0) naming the exchange, its type and its durability; operations carry
/// the publish settings: persistent delivery and `mandatory`.
public enum AsyncAPIDocument {
    /// The AsyncAPI version written in the `asyncapi` member.
    public static let specificationVersion = "3.0.0"
    /// The AMQP bindings version the document uses.
    public static let amqpBindingVersion = "0.3.0"

    /// A command type to describe: its name (the routing key on the commands exchange)
    /// and its payload.
    public struct CommandType: Sendable, Hashable {
        /// The command type, such as `github.pr.merge`.
        public var commandType: String
        /// The payload's shape.
        public var payload: ValueDescription

        /// Creates a command description.
        public init(commandType: String, payload: ValueDescription) {
            self.commandType = commandType
            self.payload = payload
        }
    }

    /// Returns the document for `events` and `commands`.
    ///
    /// - Parameters:
    ///   - events: The event payload schemas, one channel each.
    ///   - commands: The command types, one channel each on the commands exchange.
    ///   - version: The value of `info.version`, the version of the catalog.
    public static func document(events: [PayloadSchema], commands: [CommandType] = [], version: String) -> JSONValue {
        var channels = JSONObject()
        var operations = JSONObject()
        var messages = JSONObject()
        var schemas = JSONObject()
        schemas["EventEnvelope"] = EnvelopeSchema.schema()

        for event in events.sorted(by: { $0.eventType < $1.eventType }) {
            let id = componentID(event.eventType)
            let template = event.routingKeyTemplate
            schemas[id] = JSONSchema.schema(for: event.payloadDescription)
            messages[id] = message(name: event.eventType, schemaID: id, summary: summary(for: event))
            var channel = JSONObject()
            channel["address"] = .string(template.description)
            channel["title"] = .string(event.eventType)
            channel["messages"] = [id: ["$ref": .string("#/components/messages/\(id)")]]
            if template.hasFields {
                var parameters = JSONObject()
                for field in template.fieldNames {
                    parameters[field] = ["description": .string("The value of the payload field '\(field)'; consumers bind \(template.bindingPattern).")]
                }
                channel["parameters"] = .object(parameters)
            }
            channel["bindings"] = ["amqp": exchangeBinding(Topology.eventsExchange)]
            channels[id] = .object(channel)
            operations["publish." + id] = operation(action: "send", channelID: id, messageID: id, routingKey: template.description)
            operations["consume." + id] = operation(action: "receive", channelID: id, messageID: id, routingKey: template.bindingPattern)
        }

        var genericCommand = JSONObject()
        genericCommand["address"] = "{command_type}"
        genericCommand["title"] = "Commands"
        genericCommand["description"] = .string("Every command type is a routing key on \(Topology.commandsExchange), bound to the worker queue that executes it.")
        genericCommand["parameters"] = ["command_type": ["description": "The command type, such as github.pr.merge."]]
        genericCommand["messages"] = ["command": ["$ref": "#/components/messages/command"]]
        genericCommand["bindings"] = ["amqp": exchangeBinding(Topology.commandsExchange)]
        channels["commands"] = .object(genericCommand)
        messages["command"] = message(name: "command", schemaID: nil, summary: "A command envelope; its payload is the command type's payload.")
        operations["send.commands"] = operation(action: "send", channelID: "commands", messageID: "command", routingKey: "{command_type}")

        for command in commands.sorted(by: { $0.commandType < $1.commandType }) {
            let id = "command." + componentID(command.commandType)
            schemas[id] = JSONSchema.schema(for: command.payload)
            messages[id] = message(name: command.commandType, schemaID: id, summary: "The \(command.commandType) command.")
            channels[id] = [
                "address": .string(command.commandType),
                "title": .string(command.commandType),
                "messages": [id: ["$ref": .string("#/components/messages/\(id)")]],
                "bindings": ["amqp": exchangeBinding(Topology.commandsExchange)],
            ]
            operations["send." + id] = operation(action: "send", channelID: id, messageID: id, routingKey: command.commandType)
        }

        return [
            "asyncapi": .string(specificationVersion),
            "info": [
                "title": "Bloodbank event bus",
                "version": .string(version),
                "description": "The events and commands of the 33GOD ecosystem on RabbitMQ. Every message body is a JSON envelope; its event_type is the routing key.",
            ],
            "defaultContentType": .string(Topology.contentType),
            "channels": .object(channels),
            "operations": .object(operations),
            "components": ["schemas": .object(schemas), "messages": .object(messages)],
        ]
    }

    /// Returns the component and channel key for `name`: its characters that AsyncAPI
    /// allows in keys (`A-Z a-z 0-9 . _ -`), with braces and all others dropped.
    public static func componentID(_ name: String) -> String {
        String(name.unicodeScalars.filter { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": return true
            default: return false
            }
        }.map(Character.init))
    }

    private static func exchangeBinding(_ exchange: String) -> JSONValue {
        [
            "is": "routingKey",
            "exchange": ["name": .string(exchange), "type": "topic", "durable": true, "autoDelete": false, "vhost": "/"],
            "bindingVersion": .string(amqpBindingVersion),
        ]
    }

    private static func message(name: String, schemaID: String?, summary: String) -> JSONValue {
        var payload: JSONValue = ["$ref": "#/components/schemas/EventEnvelope"]
        if let schemaID {
            let eventType: JSONValue = schemaID.hasPrefix("command.") ? ["const": "command.envelope"] : ["type": "string"]
            payload = [
                "allOf": [
                    payload,
                    ["type": "object", "properties": ["event_type": eventType, "payload": ["$ref": .string("#/components/schemas/\(schemaID)")]]],
                ],
            ]
        }
        return [
            "name": .string(name),
            "title": .string(name),
            "summary": .string(summary),
            "contentType": .string(Topology.contentType),
            "payload": payload,
            "bindings": ["amqp": ["contentEncoding": .string(Topology.contentEncoding), "messageType": .string(name), "bindingVersion": .string(amqpBindingVersion)]],
        ]
    }

    /// Returns an operation; `routingKey` is the key a sender publishes with, or the
    /// pattern a receiver binds, written into the AMQP binding's `cc` list.
    private static func operation(action: String, channelID: String, messageID: String, routingKey: String) -> JSONValue {
        let binding: JSONValue = action == "send"
            ? ["cc": [.string(routingKey)], "deliveryMode": 2, "mandatory": true, "bindingVersion": .string(amqpBindingVersion)]
            : ["cc": [.string(routingKey)], "ack": true, "bindingVersion": .string(amqpBindingVersion)]
        return [
            "action": .string(action),
            "channel": ["$ref": .string("#/channels/\(channelID)")],
            "messages": [["$ref": .string("#/channels/\(channelID)/messages/\(messageID)")]],
            "bindings": ["amqp": binding],
        ]
    }

    private static func summary(for event: PayloadSchema) -> String {
        var text = "The \(event.eventType) event, payload \(event.swiftType)."
        if event.isLegacyName { text += " Legacy name, kept for existing peers." }
        return text
    }
}
