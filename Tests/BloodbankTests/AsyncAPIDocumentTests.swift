import Testing

import Bloodbank

@Suite("AsyncAPI document")
struct AsyncAPIDocumentTests {
    struct Ping: EventPayload {
        static let eventType = "test.{agent_name}.ping.sent"
        var agentName: String

        enum CodingKeys: String, CodingKey {
            case agentName = "agent_name"
        }
    }

    struct Reindex: Codable {
        var index: String
    }

    static func document() throws -> JSONValue {
        let ping = try PayloadSchema(describing: Ping.self)
        let reindex = AsyncAPIDocument.CommandType(commandType: "search.index.rebuild", payload: try ValueDescription(describing: Reindex.self))
        return AsyncAPIDocument.document(events: [ping], commands: [reindex], version: "9.9.9")
    }

    @Test func eventChannelUsesTemplateAddress() throws {
        let channel = try #require(try Self.document()["channels"]?["test.agent_name.ping.sent"])
        #expect(channel["address"] == "test.{agent_name}.ping.sent")
        #expect(channel["parameters"]?["agent_name"] != nil)
        #expect(channel["bindings"]?["amqp"]?["is"] == "routingKey")
        #expect(channel["bindings"]?["amqp"]?["exchange"] == [
            "name": "bloodbank.events.v1", "type": "topic", "durable": true, "autoDelete": false, "vhost": "/",
        ])
    }

    @Test func operationsCarryPublishSettings() throws {
        let operations = try #require(try Self.document()["operations"])
        let publish = try #require(operations["publish.test.agent_name.ping.sent"])
        #expect(publish["action"] == "send")
        #expect(publish["bindings"]?["amqp"]?["deliveryMode"] == 2)
        #expect(publish["bindings"]?["amqp"]?["mandatory"] == true)
        #expect(publish["bindings"]?["amqp"]?["cc"] == ["test.{agent_name}.ping.sent"])
        let consume = try #require(operations["consume.test.agent_name.ping.sent"])
        #expect(consume["action"] == "receive")
        #expect(consume["bindings"]?["amqp"]?["cc"] == ["test.*.ping.sent"])
    }

    @Test func commandTypesGetChannelsOnCommandsExchange() throws {
        let document = try Self.document()
        let channel = try #require(document["channels"]?["command.search.index.rebuild"])
        #expect(channel["address"] == "search.index.rebuild")
        #expect(channel["bindings"]?["amqp"]?["exchange"]?["name"] == "bloodbank.commands.v1")
        #expect(document["components"]?["schemas"]?["command.search.index.rebuild"]?["required"] == ["index"])
        #expect(document["channels"]?["commands"]?["address"] == "{command_type}")
    }

    @Test func messagesCombineEnvelopeAndPayload() throws {
        let document = try Self.document()
        #expect(document["asyncapi"] == "3.0.0")
        #expect(document["info"]?["version"] == "9.9.9")
        let message = try #require(document["components"]?["messages"]?["test.agent_name.ping.sent"])
        #expect(message["contentType"] == "application/json")
        let parts = try #require(message["payload"]?["allOf"]?.arrayValue)
        #expect(parts.first == ["$ref": "#/components/schemas/EventEnvelope"])
        #expect(parts.last?["properties"]?["payload"] == ["$ref": "#/components/schemas/test.agent_name.ping.sent"])
        #expect(document["components"]?["schemas"]?["EventEnvelope"]?["title"] == "EventEnvelope")
    }

    @Test func componentIDsDropBraces() {
        #expect(AsyncAPIDocument.componentID("agent.{agent_name}.status") == "agent.agent_name.status")
    }
}
