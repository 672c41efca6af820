#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds executables in preferred directories and on `PATH`.
enum ExecutableLocator {
    /// Returns the first executable file named `name` in `preferredDirectories`, then in
    /// the directories of `searchPath` (a `PATH` value), or `nil` when there is none.
    static func find(_ name: String, preferredDirectories: [String] = [], searchPath: String?) -> String? {
        let pathDirectories = (searchPath ?? "").split(separator: ":").map(String.init)
        for directory in preferredDirectories + pathDirectories where !directory.isEmpty {
            let candidate = directory + "/" + name
            if access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }
}
