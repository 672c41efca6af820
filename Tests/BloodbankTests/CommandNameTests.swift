import Bloodbank
import Testing

@Suite("Command names and registry")
struct CommandNameTests {
    struct MergePullRequest: CommandPayload {
        typealias Result = EmptyResult
        static let commandType = "github.pr.merge"
        var number: Int
    }

    struct OtherMerge: CommandPayload {
        typealias Result = EmptyResult
        static let commandType = "github.pr.merge"
    }

    struct Reserved: CommandPayload {
        typealias Result = EmptyResult
        static let commandType = "command.github.merge"
    }

    struct Classic: CommandPayload {
        typealias Result = EmptyResult
        static let commandType = "test.classic.run"
        static var queueType: CommandQueueType { .classic }
    }

    @Test(arguments: ["github.pr.merge", "agent.thread.prompt.v2", "a.b.c"])
    func validNamesPass(_ name: String) throws {
        try CommandName.validate(name)
    }

    @Test(arguments: ["github.merge", "GitHub.pr.merge", "github..merge", "github.pr.*", "command.github.merge"])
    func invalidNamesFail(_ name: String) {
        #expect(throws: CommandError.self) { try CommandName.validate(name) }
    }

    @Test func reservedDomainIsNamedInError() {
        let error = #expect(throws: CommandError.self) { try CommandName.validate("command.github.merge") }
        #expect(error?.code == .invalidCommand)
        #expect(error?.description.contains("reserved domain 'command'") == true)
    }

    @Test func lengthLeavesRoomForQueueAndEvents() throws {
        let longest = "a." + String(repeating: "b", count: CommandName.maximumLength - 4) + ".c"
        try CommandName.validate(longest)
        #expect(CommandQueue.name(for: longest).utf8.count <= 255)
        #expect(CommandLifecycle.completed.eventType(for: longest).utf8.count <= 255)
        #expect(throws: CommandError.self) { try CommandName.validate(longest + "c") }
    }

    @Test func registryRecordsQueueAndLifecycle() throws {
        let registry = try CommandRegistry(registering: [MergePullRequest.self, Classic.self])
        let entry = try #require(registry["github.pr.merge"])
        #expect(entry.queue == "bloodbank.commands.v1.github.pr.merge")
        #expect(entry.queueType == .quorum)
        #expect(entry.lifecycleEventTypes.map { $0.eventType } == [
            "github.pr.merge.accepted", "github.pr.merge.completed", "github.pr.merge.failed", "github.pr.merge.expired",
        ])
        #expect(registry["test.classic.run"]?.queueType == .classic)
        #expect(registry.commandTypes == ["github.pr.merge", "test.classic.run"])
    }

    @Test func registryRejectsSecondTypeForName() throws {
        var registry = try CommandRegistry(registering: [MergePullRequest.self])
        try registry.register(MergePullRequest.self)
        #expect(throws: CommandError.self) { try registry.register(OtherMerge.self) }
        #expect(throws: CommandError.self) { try registry.register(Reserved.self) }
        #expect(registry.count == 1)
    }

    @Test func lifecycleEventsRegisterAsEvents() throws {
        let commands = try CommandRegistry(registering: [MergePullRequest.self])
        var events = EventRegistry()
        try events.registerLifecycleEvents(of: commands)
        #expect(events.eventTypes == [
            "github.pr.merge.accepted", "github.pr.merge.completed", "github.pr.merge.expired", "github.pr.merge.failed",
        ])
    }

    @Test func queueArgumentsFollowQueueType() {
        #expect(CommandQueue.arguments(for: .quorum) == ["x-queue-type": .string("quorum")])
        #expect(CommandQueue.arguments(for: .classic).isEmpty)
    }

    @Test func lifecyclePhaseIsReadFromEventType() {
        #expect(CommandLifecycle.phase(of: "github.pr.merge.failed", commandType: "github.pr.merge") == .failed)
        #expect(CommandLifecycle.phase(of: "github.pr.merge.started", commandType: "github.pr.merge") == nil)
        #expect(CommandLifecycle.phase(of: "github.pr.close.failed", commandType: "github.pr.merge") == nil)
    }
}
