// swift-tools-version:6.0
import PackageDescription

// The Bloodbank benchmark client, a package of its own so that `swift test` in the
// root package neither builds nor runs it. scripts/bench.sh builds it in release mode.
let package = Package(
    name: "BloodbankBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Bloodbank", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "bloodbank-bench",
            dependencies: [
                .product(name: "Bloodbank", package: "Bloodbank"),
                .product(name: "BloodbankCatalog", package: "Bloodbank"),
                .product(name: "AMQPClient", package: "Bloodbank"),
                .product(name: "AMQPWire", package: "Bloodbank"),
            ],
            path: "Sources/BloodbankBench",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
