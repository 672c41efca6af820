/// The process exit statuses of `bb`, taken from BSD's `sysexits.h` where one fits.
enum ExitStatus {
    /// The command did what was requested.
    static let success: Int32 = 0
    /// A runtime failure, such as a broker that rejected a request.
    static let failure: Int32 = 1
    /// `EX_USAGE`: the command line was invalid (unknown option, missing argument, bad value).
    static let usage: Int32 = 64
    /// `EX_UNAVAILABLE`: a service or program that the command needs cannot be reached.
    static let unavailable: Int32 = 69
}
