/// Stops the fuzz run on a broken invariant.
///
/// The trap that `fatalError` raises reaches libFuzzer as a deadly signal, so libFuzzer
/// saves the input as `crash-<sha1>` and exits with a non-zero status.
public func fuzzFailure(_ message: String, file: StaticString = #file, line: UInt = #line) -> Never {
    fatalError("fuzz check failed: \(message)", file: file, line: line)
}

/// Stops the fuzz run unless `condition` is true.
public func fuzzRequire(
    _ condition: Bool,
    _ message: @autoclosure () -> String,
    file: StaticString = #file,
    line: UInt = #line
) {
    if !condition {
        fuzzFailure(message(), file: file, line: line)
    }
}
