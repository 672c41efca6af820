import Foundation

/// Reads the JSON payload of `bb publish` and `bb send`: from `--payload`, from
/// `--file`, or else from standard input.
enum PayloadInput {
    static func read(payload: String?, file: String?, context: CommandContext) throws(CommandLineError) -> String {
        if payload != nil, file != nil {
            throw .usage("give the payload with --payload or --file, not both")
        }
        if let payload { return payload }
        if let file {
            let path = context.absolutePath(file)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .failure("cannot read the payload file \(path): it does not exist or is not readable")
            }
            return String(decoding: data, as: UTF8.self)
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard !data.isEmpty else {
            throw .usage("no payload: give --payload JSON, --file PATH, or JSON on standard input")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
