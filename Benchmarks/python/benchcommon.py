"""Options, measurement and output shared by the Python clients of the benchmark.

Every client takes the same options as the rabbitmq-c and Swift clients and prints one
JSON line that Benchmarks/bench.py reads.
"""

import argparse
import json
import resource
import sys
import time


def parse_options(scenarios):
    """Parse the command line shared by every client."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", choices=scenarios)
    parser.add_argument("--client", default="")
    parser.add_argument("--url", default="")
    parser.add_argument("--body", default="")
    parser.add_argument("--message-id", default="")
    parser.add_argument("--latency-file", default="")
    parser.add_argument("--exchange", default="bloodbank.events.v1")
    parser.add_argument("--routing-key", default="agent.thread.prompt")
    parser.add_argument("--queue", default="bench.events")
    parser.add_argument("--messages", type=int, required=True)
    parser.add_argument("--window", type=int, default=1000)
    parser.add_argument("--prefetch", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=2000)
    options = parser.parse_args()
    if options.messages <= 0 or options.window <= 0 or options.rate <= 0:
        parser.error("--messages, --window and --rate must be positive")
    if not 1 <= options.prefetch <= 65535:
        parser.error("--prefetch must be 1 to 65535")
    return options


def read_body(options):
    """Return the envelope bytes that every client sends."""
    if not options.body:
        sys.exit("missing --body")
    with open(options.body, "rb") as file:
        return file.read()


class Measurement:
    """Wall time and CPU time of the timed part, with the process's peak RSS."""

    def __init__(self):
        self.start_usage = resource.getrusage(resource.RUSAGE_SELF)
        self.start_ns = time.monotonic_ns()
        self.result = None

    def finish(self, options, **extra):
        """Stop the clock once and keep the result line; later calls change nothing."""
        if self.result is not None:
            return self.result
        end_ns = time.monotonic_ns()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.result = {
            "client": options.client,
            "scenario": options.scenario,
            "messages": options.messages,
            "seconds": (end_ns - self.start_ns) / 1e9,
            "user_seconds": usage.ru_utime - self.start_usage.ru_utime,
            "system_seconds": usage.ru_stime - self.start_usage.ru_stime,
            "peak_rss_kb": peak_rss_kb(),
            **extra,
        }
        return self.result


def peak_rss_kb():
    """Return the peak resident set size of this process in KiB (VmHWM).

    ru_maxrss does not serve here, because Linux carries it over from the parent process
    across exec.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def print_result(result):
    """Print the result line for Benchmarks/bench.py."""
    if result is None:
        sys.exit("the scenario ended before its last message")
    print(json.dumps(result), flush=True)


def write_latencies(options, latencies):
    """Write one latency in nanoseconds a line, in sequence order."""
    with open(options.latency_file, "w") as file:
        file.write("".join(f"{value}\n" for value in latencies))


class ConfirmWindow:
    """Counts settled publisher confirms; single and multiple acks may come in any order."""

    def __init__(self, messages):
        self.settled = bytearray(messages + 2)
        self.lowest_unsettled = 1
        self.settled_count = 0
        self.nacked = 0

    def settle(self, delivery_tag, multiple, nack=False):
        """Record an ack or nack for one tag, or for every tag up to it with `multiple`."""
        first = self.lowest_unsettled if multiple else delivery_tag
        before = self.settled_count
        for tag in range(first, delivery_tag + 1):
            if not self.settled[tag]:
                self.settled[tag] = 1
                self.settled_count += 1
        while self.lowest_unsettled < len(self.settled) and self.settled[self.lowest_unsettled]:
            self.lowest_unsettled += 1
        if nack:
            self.nacked += self.settled_count - before
