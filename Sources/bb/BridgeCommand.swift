/// `bb bridge`: the group of commands that connect Bloodbank to older peers.
struct BridgeCommand: CommandGroup {
    let name = "bridge"
    let abstract = "Connect Bloodbank command workers to the Python services' legacy commands."

    var subcommands: [any Command] {
        [BridgeLegacyCommandsCommand()]
    }
}
