import Testing

@testable import AMQPClient

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Channel number allocation in ``ConnectionCore``.
@Suite("ConnectionCore.reserveChannelID")
struct ConnectionCoreTests {
    static func makeCore() -> ConnectionCore {
        let configuration = AMQPConfiguration(host: "broker.test", username: "user", password: "password")
        return ConnectionCore(machine: ConnectionStateMachine(configuration: configuration, clientProperties: [:]))
    }

    /// Reserves a number and marks it in use, as `openChannel()` does.
    static func reserve(_ core: inout ConnectionCore, channelMax: UInt16) -> UInt16? {
        guard let id = core.reserveChannelID(channelMax: channelMax) else { return nil }
        core.channels[id] = ChannelCore(id: id, generation: core.nextGeneration)
        core.nextGeneration += 1
        return id
    }

    @Test func reservesFromOneUpwards() {
        var core = Self.makeCore()
        #expect(Self.reserve(&core, channelMax: 10) == 1)
        #expect(Self.reserve(&core, channelMax: 10) == 2)
        #expect(Self.reserve(&core, channelMax: 10) == 3)
    }

    @Test func reservationDoesNotMarkNumberInUse() {
        var core = Self.makeCore()
        #expect(core.reserveChannelID(channelMax: 10) == 1)
        #expect(core.channels.isEmpty)
    }

    @Test func freedNumberIsReusedAfterWrapAround() {
        var core = Self.makeCore()
        for expected: UInt16 in 1...3 {
            #expect(Self.reserve(&core, channelMax: 5) == expected)
        }
        core.channels[2] = nil
        #expect(Self.reserve(&core, channelMax: 5) == 4)
        #expect(Self.reserve(&core, channelMax: 5) == 5)
        #expect(Self.reserve(&core, channelMax: 5) == 2)
    }

    @Test func wrapAroundSkipsNumbersInUse() {
        var core = Self.makeCore()
        for _ in 1...4 {
            _ = Self.reserve(&core, channelMax: 4)
        }
        core.channels[3] = nil
        core.channels[1] = nil
        // The search starts after the last number handed out (4), wraps to 1.
        #expect(Self.reserve(&core, channelMax: 4) == 1)
        #expect(Self.reserve(&core, channelMax: 4) == 3)
    }

    @Test func exhaustionAtChannelMaxReturnsNil() {
        var core = Self.makeCore()
        for expected: UInt16 in 1...3 {
            #expect(Self.reserve(&core, channelMax: 3) == expected)
        }
        #expect(core.reserveChannelID(channelMax: 3) == nil)
        core.channels[2] = nil
        #expect(Self.reserve(&core, channelMax: 3) == 2)
        #expect(core.reserveChannelID(channelMax: 3) == nil)
    }

    @Test func channelMaxZeroReservesNothing() {
        var core = Self.makeCore()
        #expect(core.reserveChannelID(channelMax: 0) == nil)
    }

    /// A lower `channel-max` than a number already handed out restarts the search at 1.
    @Test func numberAboveChannelMaxRestartsAtOne() {
        var core = Self.makeCore()
        core.nextChannelID = 9
        #expect(Self.reserve(&core, channelMax: 4) == 1)
    }

    /// With `channel-max` 0 (no limit) `openChannel()` passes 65535. When the search
    /// starts at 65535 and that number is in use, it must wrap to 1. Run in a child
    /// process because an arithmetic overflow there traps.
    @Test func wrapAroundAtHighestChannelNumber() async {
        await #expect(processExitsWith: .success) {
            let configuration = AMQPConfiguration(host: "broker.test", username: "user", password: "password")
            var core = ConnectionCore(machine: ConnectionStateMachine(configuration: configuration, clientProperties: [:]))
            core.nextChannelID = UInt16.max
            core.channels[UInt16.max] = ChannelCore(id: UInt16.max, generation: 1)
            guard core.reserveChannelID(channelMax: UInt16.max) == 1 else { exit(1) }
        }
    }
}
