import AMQPWire
import Testing

/// Frame and method descriptions name what travels but never show bodies or credentials.
@Suite("Frame descriptions")
struct FrameDescriptionTests {
    @Test func methodShowsTypeChannelAndName() {
        let frame = AMQPFrame.method(channel: 2, .basic(.ack(deliveryTag: 1, multiple: false)))
        #expect(frame.description == "method channel=2 basic.ack")
    }

    @Test func bodyShowsSizeOnly() {
        let frame = AMQPFrame.body(channel: 1, Array("secret body".utf8))
        #expect(frame.description == "body channel=1 size=11")
    }

    @Test func headerShowsBodySize() {
        let frame = AMQPFrame.header(channel: 1, .init(bodySize: 42, properties: .init(messageID: "m-1")))
        #expect(frame.description == "header channel=1 class=60 body-size=42")
    }

    @Test func heartbeatDescription() {
        #expect(AMQPFrame.heartbeat.description == "heartbeat")
    }

    @Test func startOkHidesResponse() {
        let startOk = AMQPMethod.Connection.StartOk(
            clientProperties: [:],
            mechanism: "PLAIN",
            response: Array("\0guest\0hunter2".utf8),
            locale: "en_US"
        )
        let frame = AMQPFrame.method(channel: 0, .connection(.startOk(startOk)))
        #expect(frame.description == "method channel=0 connection.start-ok")
        #expect(!String(describing: startOk).contains("hunter2"))
        #expect(!String(describing: AMQPMethod.connection(.startOk(startOk))).contains("hunter2"))
        #expect(!String(reflecting: frame).contains("hunter2"))
    }

    @Test func secretsAreRedacted() {
        let secureOk = AMQPMethod.Connection.secureOk(response: Array("hunter2".utf8))
        let updateSecret = AMQPMethod.Connection.updateSecret(newSecret: Array("hunter2".utf8), reason: "rotate")
        #expect(!String(describing: secureOk).contains("104"))  // 104 is "h"
        #expect(!String(describing: updateSecret).contains("104"))
        #expect(String(describing: updateSecret).contains("rotate"))
    }
}
