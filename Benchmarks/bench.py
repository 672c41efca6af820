"""Runs the Bloodbank benchmark scenarios against one RabbitMQ node and writes the
Markdown results.

scripts/bench.sh builds the clients, starts the broker and calls this script with the
virtual environment's Python (it needs pika for the queue set-up between runs). Each
run of a client is its own process, which prints one JSON line: wall time, the CPU
time of the timed part (getrusage user + system) and the peak RSS of the process. The
clients of a scenario run in rotation (A B C D, A B C D, ...), and the tables show the
median and the range of the repetitions. The broker's CPU time for each run comes from
/proc/PID/stat of its Erlang VM.
"""

import argparse
import datetime
import importlib.metadata
import json
import math
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

import pika

QUEUE = "bench.events"
# The line in docs/benchmarks.md after which the hand-written analysis starts.
ANALYSIS_MARKER = "<!-- Hand-written analysis: scripts/bench.sh keeps everything from this line on. -->"
EXCHANGE = "bloodbank.events.v1"
ROUTING_KEY = "agent.thread.prompt"
CLIENT_TIMEOUT_SECONDS = 600
BASELINE_AMQP = "rabbitmq-c"
BASELINE_ENVELOPE = "pydantic"


class Scenario:
    """One row group of the results: a scenario with its clients and settings."""

    def __init__(self, key, title, command, clients, baseline, messages, broker=True, prefetch=None, note=""):
        self.key = key
        self.title = title
        self.command = command
        self.clients = clients
        self.baseline = baseline
        self.messages = messages
        self.broker = broker
        self.prefetch = prefetch
        self.note = note


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url-file", required=True, help="file with the broker's amqp:// URL")
    parser.add_argument("--broker-pid-file", required=True, help="file with the process id of the broker's Erlang VM")
    parser.add_argument("--body", required=True, help="the envelope that every client sends")
    parser.add_argument("--swift-client", required=True, help="path of the release-built bloodbank-bench")
    parser.add_argument("--c-client", required=True, help="path of bench-rabbitmq-c")
    parser.add_argument("--work-directory", required=True, help="directory for latency files and raw results")
    parser.add_argument("--messages", type=int, default=100_000, help="messages per run (default: 100000)")
    parser.add_argument(
        "--latency-messages", type=int, default=30_000,
        help="messages per latency run, sent at --rate (default: 30000, which takes 15 s at 2000/s)",
    )
    parser.add_argument("--rate", type=int, default=2000, help="messages per second in the latency scenario")
    parser.add_argument("--repetitions", type=int, default=3, help="runs of each client in each scenario (default: 3)")
    parser.add_argument("--only", default="", help="comma-separated scenario keys to run, for development")
    parser.add_argument("--markdown", required=True, help="where to write the results page")
    parser.add_argument("--command", default="scripts/bench.sh", help="the command line to print on the page")
    parser.add_argument("--swift-version", default="", help="first line of 'swift --version'")
    return parser.parse_args()


def make_scenarios(arguments):
    messages = arguments.messages
    transient = Scenario(
        "publish-transient", "1. Publish, transient, no confirms", "publish-transient",
        ["rabbitmq-c", "bloodbank-amqp", "pika", "aio-pika"], BASELINE_AMQP, messages,
        note="Delivery mode 1 into a bound durable queue, one publishing loop, then one queue.declare round "
        "trip so that the time covers the broker taking every message. Bloodbank's `Publisher` always uses "
        "confirms, so Bloodbank is measured through `AMQPChannel.basicPublish`.",
    )
    confirmed = Scenario(
        "publish-confirm", "2. Publish, persistent, with confirms (1,000 outstanding)", "publish-confirm",
        ["rabbitmq-c", "bloodbank-publisher", "bloodbank-publisher-body", "pika", "aio-pika"], BASELINE_AMQP,
        messages,
        note="Delivery mode 2, mandatory, publisher confirms. Bloodbank and aio-pika run 1,000 tasks, each "
        "awaiting the confirm of its own publish before the next; rabbitmq-c and pika (SelectConnection) keep a "
        "window of 1,000 unconfirmed messages. `bloodbank-publisher` publishes the typed `AgentThreadPrompt`, so "
        "each message gets a new event id and timestamp and is encoded by the publisher; "
        "`bloodbank-publisher-body` sends the pre-encoded bytes through `Publisher.publish(body:routingKey:"
        "eventID:timeout:)`.",
    )
    consume_one = Scenario(
        "consume-1", "3a. Consume with manual acks, prefetch 1", "consume",
        ["rabbitmq-c", "bloodbank-amqp", "bloodbank-subscription", "pika", "aio-pika"], BASELINE_AMQP, messages,
        prefetch=1,
        note="The queue is filled with persistent messages before each run (not timed); the time runs from "
        "basic.consume to the last ack. `bloodbank-amqp` is `AMQPChannel.basicConsume` with `AMQPMessage.ack()`; "
        "`bloodbank-subscription` is `Subscription.run(as: AgentThreadPrompt.self)`, which also decodes each "
        "envelope and payload.",
    )
    consume_many = Scenario(
        "consume-1000", "3b. Consume with manual acks, prefetch 1,000", "consume",
        consume_one.clients, BASELINE_AMQP, messages, prefetch=1000, note="As 3a, with prefetch 1,000.",
    )
    latency = Scenario(
        "latency", f"4. End-to-end latency at {arguments.rate:,} messages per second, persistent", "latency",
        ["rabbitmq-c", "bloodbank", "pika", "aio-pika"], BASELINE_AMQP, arguments.latency_messages, prefetch=100,
        note="Publisher (persistent, mandatory, confirms) and consumer (prefetch 100, manual acks) on two channels "
        "of one connection in one process. `message_id` carries the sequence number; latency runs from just "
        "before the publish call to the delivery. Bloodbank publishes with `Publisher.publish(body:...)`, one "
        "task per message, and consumes with `AMQPChannel.basicConsume`.",
    )
    encode = Scenario(
        "envelope-encode", "5a. Envelope encode", "envelope-encode",
        ["pydantic", "bloodbank", "bloodbank-typed"], BASELINE_ENVELOPE, messages, broker=False,
        note="No broker. `bloodbank` is `EventEnvelope.encoded()` on a decoded envelope; `bloodbank-typed` first "
        "builds the envelope from the typed payload (`EventEnvelope(payload:...)`), as `Publisher.publish(_:)` "
        "does; `pydantic` is `model_dump_json()` on the envelope model with its typed payload model.",
    )
    decode = Scenario(
        "envelope-decode", "5b. Envelope decode with typed payload", "envelope-decode",
        ["pydantic", "bloodbank"], BASELINE_ENVELOPE, messages, broker=False,
        note="No broker. `bloodbank` is `EventEnvelope.decode(_:)` then `decodePayload(AgentThreadPrompt.self)`; "
        "`pydantic` is `model_validate_json()` of the envelope model with its typed payload model.",
    )
    scenarios = [transient, confirmed, consume_one, consume_many, latency, encode, decode]
    if arguments.only:
        keys = set(arguments.only.split(","))
        unknown = keys - {scenario.key for scenario in scenarios}
        if unknown:
            sys.exit(f"unknown scenario keys: {', '.join(sorted(unknown))}")
        scenarios = [scenario for scenario in scenarios if scenario.key in keys]
    return scenarios


class Broker:
    """The broker under test: queue set-up through pika, CPU time from /proc."""

    def __init__(self, url, pid):
        self.url = url
        self.pid = pid

    def _channel_call(self, action):
        parameters = pika.URLParameters(self.url)
        parameters.client_properties = {"connection_name": "bench setup"}
        connection = pika.BlockingConnection(parameters)
        try:
            return action(connection.channel())
        finally:
            connection.close()

    def prepare_topology(self):
        def declare(channel):
            channel.exchange_declare(EXCHANGE, "topic", durable=True)
            channel.queue_declare(QUEUE, durable=True)
            channel.queue_bind(QUEUE, EXCHANGE, ROUTING_KEY)
            channel.queue_purge(QUEUE)
            return None

        self._channel_call(declare)

    def version(self):
        def read(channel):
            return channel.connection._impl.server_properties.get("version", b"unknown")

        version = self._channel_call(read)
        return version.decode() if isinstance(version, bytes) else str(version)

    def purge(self):
        self._channel_call(lambda channel: channel.queue_purge(QUEUE))

    def message_count(self):
        return self._channel_call(lambda channel: channel.queue_declare(QUEUE, passive=True).method.message_count)

    def cpu_seconds(self):
        """User plus system CPU time of the broker's Erlang VM so far."""
        with open(f"/proc/{self.pid}/stat") as file:
            # The command name in field 2 may contain spaces, so split after its ')'.
            fields = file.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks


class Runner:
    def __init__(self, arguments, broker, message_id):
        self.arguments = arguments
        self.broker = broker
        self.message_id = message_id
        self.python = sys.executable
        here = os.path.dirname(os.path.abspath(__file__))
        self.python_directory = os.path.join(here, "python")
        self.failures = []
        self.raw_results = []

    def command(self, scenario, client, latency_file):
        common = [
            "--client", client,
            "--url", self.broker.url if self.broker else "",
            "--body", self.arguments.body,
            "--message-id", self.message_id,
            "--messages", str(scenario.messages),
            "--window", "1000",
            "--rate", str(self.arguments.rate),
            "--latency-file", latency_file,
            "--queue", QUEUE,
            "--exchange", EXCHANGE,
            "--routing-key", ROUTING_KEY,
        ]
        if scenario.prefetch is not None:
            common += ["--prefetch", str(scenario.prefetch)]
        if client == "rabbitmq-c":
            program = [self.arguments.c_client, scenario.command]
            # The C client takes no --client option; it names itself.
            common = common[2:]
        elif client.startswith("bloodbank"):
            program = [self.arguments.swift_client, scenario.command]
        elif client == "pika":
            program = [self.python, os.path.join(self.python_directory, "pika_bench.py"), scenario.command]
        elif client == "aio-pika":
            program = [self.python, os.path.join(self.python_directory, "aio_pika_bench.py"), scenario.command]
        elif client == "pydantic":
            program = [self.python, os.path.join(self.python_directory, "pydantic_bench.py"), scenario.command]
        else:
            raise ValueError(f"unknown client {client}")
        return program + common

    def prefill(self, messages):
        """Fill the queue with persistent messages through rabbitmq-c, outside the timing."""
        self.broker.purge()
        fill = [
            self.arguments.c_client, "publish-confirm", "--url", self.broker.url, "--body", self.arguments.body,
            "--message-id", self.message_id, "--messages", str(messages), "--window", "1000",
        ]
        subprocess.run(fill, check=True, stdout=subprocess.DEVNULL, timeout=CLIENT_TIMEOUT_SECONDS)
        count = self.broker.message_count()
        if count != messages:
            raise RuntimeError(f"the queue contains {count} messages after the fill, expected {messages}")

    def run_once(self, scenario, client, repetition):
        latency_file = os.path.join(self.arguments.work_directory, f"latency-{client}-{repetition}.txt")
        if scenario.broker:
            if scenario.command == "consume":
                self.prefill(scenario.messages)
            else:
                self.broker.purge()
        command = self.command(scenario, client, latency_file)
        broker_before = self.broker.cpu_seconds() if scenario.broker else 0.0
        started = time.monotonic()
        completed = subprocess.run(command, capture_output=True, text=True, timeout=CLIENT_TIMEOUT_SECONDS)
        elapsed = time.monotonic() - started
        broker_after = self.broker.cpu_seconds() if scenario.broker else 0.0
        if completed.returncode != 0:
            message = completed.stderr.strip().splitlines()[-1:] or ["no error output"]
            raise RuntimeError(f"exit status {completed.returncode}: {message[0]}")
        result = json.loads(completed.stdout.strip().splitlines()[-1])
        result["broker_seconds"] = broker_after - broker_before
        result["process_seconds"] = elapsed
        if result.get("nacked") or result.get("returned"):
            raise RuntimeError(f"{result.get('nacked', 0)} nacked and {result.get('returned', 0)} returned messages")
        if scenario.broker:
            self.check_queue_after(scenario, client)
        if scenario.command == "latency":
            result["latency_ns"] = read_latencies(latency_file, scenario.messages)
        return result

    def check_queue_after(self, scenario, client):
        count = self.broker.message_count()
        if scenario.command in ("consume", "latency"):
            expected = 0
        elif client.startswith("bloodbank-publisher"):
            # The publisher sends one untimed message first to open its channel.
            expected = scenario.messages + 1
        else:
            expected = scenario.messages
        if count != expected:
            raise RuntimeError(f"the queue contains {count} messages after the run, expected {expected}")

    def save_raw_result(self, result):
        """Append the run to results.json at once, so that a later failure loses nothing."""
        saved = {name: value for name, value in result.items() if name != "latency_ns"}
        if "latency_ns" in result:
            latencies = sorted(result["latency_ns"])
            for label, fraction in (("p50_ns", 0.50), ("p99_ns", 0.99), ("p999_ns", 0.999)):
                saved[label] = percentile(latencies, fraction)
        self.raw_results.append(saved)
        with open(os.path.join(self.arguments.work_directory, "results.json"), "w") as file:
            json.dump(self.raw_results, file, indent=1)

    def run(self, scenarios):
        results = {}
        for scenario in scenarios:
            print(f"\n=== {scenario.title} ({scenario.messages:,} messages) ===", flush=True)
            for repetition in range(1, self.arguments.repetitions + 1):
                for client in scenario.clients:
                    key = (scenario.key, client)
                    try:
                        result = self.run_once(scenario, client, repetition)
                    except (RuntimeError, subprocess.SubprocessError, ValueError, OSError) as error:
                        print(f"  run {repetition} {client:26} FAILED: {error}", flush=True)
                        self.failures.append(f"{scenario.key} {client} run {repetition}: {error}")
                        continue
                    results.setdefault(key, []).append(result)
                    self.save_raw_result(result)
                    rate = result["messages"] / result["seconds"]
                    cpu = (result["user_seconds"] + result["system_seconds"]) / result["messages"] * 1e6
                    print(
                        f"  run {repetition} {client:26} {rate:12,.0f} msg/s  {cpu:8.2f} µs CPU/msg  "
                        f"{result['peak_rss_kb'] / 1024:7.1f} MiB  broker {result['broker_seconds']:.2f} s",
                        flush=True,
                    )
        if self.broker:
            self.broker.purge()
        return results


def read_latencies(path, count):
    with open(path) as file:
        values = [int(line) for line in file if line.strip()]
    if len(values) != count:
        raise RuntimeError(f"{path} has {len(values)} latencies, expected {count}")
    if any(value <= 0 for value in values):
        raise RuntimeError(f"{path} has a message that was never received")
    return values


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an ascending list."""
    rank = math.ceil(round(fraction * len(sorted_values), 6))
    return sorted_values[min(max(rank, 1), len(sorted_values)) - 1]


def summarize(values):
    return statistics.median(values), min(values), max(values)


def metrics(runs):
    """Per-run numbers of one client in one scenario."""
    rows = []
    for run in runs:
        messages = run["messages"]
        row = {
            "rate": messages / run["seconds"],
            "cpu_us": (run["user_seconds"] + run["system_seconds"]) / messages * 1e6,
            "rss_mib": run["peak_rss_kb"] / 1024,
            "broker_us": run["broker_seconds"] / messages * 1e6,
        }
        if "latency_ns" in run:
            latencies = sorted(run["latency_ns"])
            row["p50_ms"] = percentile(latencies, 0.50) / 1e6
            row["p99_ms"] = percentile(latencies, 0.99) / 1e6
            row["p999_ms"] = percentile(latencies, 0.999) / 1e6
        rows.append(row)
    return rows


def format_number(value):
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def cell(rows, name):
    median, low, high = summarize([row[name] for row in rows])
    if len(rows) == 1:
        return format_number(median)
    return f"{format_number(median)} ({format_number(low)}–{format_number(high)})"


def ratio(rows, baseline_rows, name):
    if not baseline_rows:
        return "–"
    baseline = statistics.median(row[name] for row in baseline_rows)
    value = statistics.median(row[name] for row in rows)
    if baseline == 0:
        return "–"
    return f"{value / baseline:.2f}×"


def scenario_table(scenario, results):
    lines = [f"### {scenario.title}", "", scenario.note, ""]
    baseline_rows = metrics(results.get((scenario.key, scenario.baseline), []))
    if scenario.command == "latency":
        lines += [
            "| Client | p50 ms | p99 ms | p99.9 ms | p99 vs rabbitmq-c | msg/s reached | CPU µs/msg | CPU vs rabbitmq-c | peak RSS MiB | broker CPU µs/msg |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
    elif scenario.broker:
        lines += [
            "| Client | msg/s | msg/s vs rabbitmq-c | CPU µs/msg | CPU vs rabbitmq-c | peak RSS MiB | broker CPU µs/msg |",
            "|---|---|---|---|---|---|---|",
        ]
    else:
        lines += [
            "| Client | envelopes/s | vs pydantic | CPU µs/envelope | CPU vs pydantic | peak RSS MiB |",
            "|---|---|---|---|---|---|",
        ]
    for client in scenario.clients:
        runs = results.get((scenario.key, client), [])
        if not runs:
            lines.append(f"| {client} | failed | | | | | |")
            continue
        rows = metrics(runs)
        if scenario.command == "latency":
            cells = [
                cell(rows, "p50_ms"), cell(rows, "p99_ms"), cell(rows, "p999_ms"),
                ratio(rows, baseline_rows, "p99_ms"), cell(rows, "rate"), cell(rows, "cpu_us"),
                ratio(rows, baseline_rows, "cpu_us"), cell(rows, "rss_mib"), cell(rows, "broker_us"),
            ]
        elif scenario.broker:
            cells = [
                cell(rows, "rate"), ratio(rows, baseline_rows, "rate"), cell(rows, "cpu_us"),
                ratio(rows, baseline_rows, "cpu_us"), cell(rows, "rss_mib"), cell(rows, "broker_us"),
            ]
        else:
            cells = [
                cell(rows, "rate"), ratio(rows, baseline_rows, "rate"), cell(rows, "cpu_us"),
                ratio(rows, baseline_rows, "cpu_us"), cell(rows, "rss_mib"),
            ]
        lines.append(f"| {client} | " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def read_text(path):
    try:
        with open(path) as file:
            return file.read()
    except OSError:
        return ""


def machine_description():
    cpuinfo = read_text("/proc/cpuinfo")
    models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")]
    memory = next((line.split()[1] for line in read_text("/proc/meminfo").splitlines() if line.startswith("MemTotal")), "0")
    return {
        "cores": os.cpu_count(),
        "model": models[0] if models else platform.processor() or "unknown",
        "memory_gib": int(memory) / 1024 / 1024,
        "kernel": platform.release(),
    }


def package_versions():
    versions = {"python": platform.python_version()}
    for name in ("pika", "aio-pika", "pydantic"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "unknown"
    try:
        versions["librabbitmq"] = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "librabbitmq-dev"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        versions["librabbitmq"] = "unknown"
    return versions


def git_revision():
    try:
        revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "Sources"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return revision + (" with uncommitted changes in Sources/" if dirty else "")


def write_page(path, arguments, scenarios, results, context):
    machine = context["machine"]
    versions = context["versions"]
    body_size = os.path.getsize(arguments.body)
    lines = [
        "# Benchmarks",
        "",
        "Throughput, CPU cost and latency of Bloodbank's clients next to rabbitmq-c, pika and aio-pika, and of "
        "Bloodbank's envelope JSON next to Pydantic v2, all against one private RabbitMQ node on the same machine.",
        "",
        "Reproduce with:",
        "",
        "```sh",
        arguments.command,
        "```",
        "",
        "A full run takes about 20 to 25 minutes on 2 cores. The script installs `librabbitmq-dev`, "
        "`rabbitmq-server`, `python3-venv` and `libsqlite3-dev` with apt-get when they are missing. It builds the "
        "clients (gcc for rabbitmq-c), creates `.build/bench-venv` from PyPI and starts a private broker on port "
        "5684 (`BLOODBANK_BENCH_BROKER_PORT` chooses another). It rewrites this page above the hand-written "
        "analysis, which it keeps.",
        "",
        "`scripts/bench.sh --quick` runs 10,000 messages once per client, and `--only SCENARIOS` a subset, for "
        "development; both write `.build/bench/results.md` and leave this page alone.",
        "",
        "## Setup of this run",
        "",
        f"- Date: {context['date']}, revision {context['revision']}.",
        f"- Machine: {machine['cores']} cores ({machine['model']}), {machine['memory_gib']:.1f} GiB memory, "
        f"Linux {machine['kernel']}. The broker, the client and the harness share these cores.",
        f"- Load average before / after the run: {context['load_before']} / {context['load_after']}. "
        "Other processes on the machine compete for the same cores, so compare clients within one run.",
        f"- RabbitMQ {context['rabbitmq']} (a private node from `bb broker start --dir .build/bench-broker "
        "--port 5684`), Erlang VM CPU read from `/proc/PID/stat`.",
        f"- {arguments.swift_version or 'Swift (version unknown)'}; `bloodbank-bench` built with `-c release --static-swift-stdlib`.",
        f"- rabbitmq-c (librabbitmq {versions['librabbitmq']}) built with `gcc -O2`; Python {versions['python']} "
        f"with pika {versions['pika']}, aio-pika {versions['aio-pika']} and pydantic {versions['pydantic']}.",
        f"- Message: one canonical `agent.thread.prompt` envelope of {body_size} bytes written by "
        "`bb publish agent.thread.prompt --dry-run`; every client sends these bytes, with content type "
        "`application/json`, content encoding `utf-8` and the event id as `message_id`.",
        f"- {arguments.messages:,} messages per run ({arguments.latency_messages:,} in the latency scenario), "
        f"{arguments.repetitions} runs per client, clients in rotation. Cells show the median and, in brackets, "
        "the range of the runs.",
        "",
        "## How to read the tables",
        "",
        "- msg/s: messages divided by the wall time of the timed part.",
        "- CPU µs/msg: user + system CPU time of the client process during the timed part "
        "(`getrusage(RUSAGE_SELF)`, all threads), divided by the messages. This is the cost that matters when "
        "the broker, not the client, limits the rate.",
        "- peak RSS: the high-water mark of the client process's resident memory (`VmHWM` in "
        "`/proc/self/status`), start-up included.",
        "- broker CPU µs/msg: CPU time of the RabbitMQ node during the client process, divided by the messages.",
        "- vs rabbitmq-c (vs pydantic for the envelope): the client's median divided by the baseline's median; "
        "above 1 is faster for msg/s and costlier for CPU and latency.",
        "",
        "## Results",
        "",
    ]
    for scenario in scenarios:
        lines += scenario_table(scenario, results)
    if context["failures"]:
        lines += ["## Failed runs", ""] + [f"- {failure}" for failure in context["failures"]] + [""]
    text = "\n".join(lines)
    # The analysis below the marker is written by hand from profiles, so a new run keeps it.
    try:
        with open(path) as file:
            previous = file.read()
        if ANALYSIS_MARKER in previous:
            text += "\n" + previous[previous.index(ANALYSIS_MARKER):]
    except FileNotFoundError:
        pass
    with open(path, "w") as file:
        file.write(text)


def main():
    arguments = parse_arguments()
    os.makedirs(arguments.work_directory, exist_ok=True)
    os.makedirs(os.path.dirname(os.path.abspath(arguments.markdown)), exist_ok=True)
    scenarios = make_scenarios(arguments)
    with open(arguments.url_file) as file:
        url = file.read().strip()
    with open(arguments.broker_pid_file) as file:
        pid = int(file.read().strip())
    with open(arguments.body, "rb") as file:
        message_id = json.loads(file.read())["event_id"]

    broker = Broker(url, pid)
    broker.prepare_topology()
    context = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "revision": git_revision(),
        "machine": machine_description(),
        "versions": package_versions(),
        "rabbitmq": broker.version(),
        "load_before": " ".join(read_text("/proc/loadavg").split()[:3]),
    }
    runner = Runner(arguments, broker, message_id)
    started = time.monotonic()
    results = runner.run(scenarios)
    context["load_after"] = " ".join(read_text("/proc/loadavg").split()[:3])
    context["failures"] = runner.failures
    write_page(arguments.markdown, arguments, scenarios, results, context)
    print(f"\nFinished in {time.monotonic() - started:.0f} s; wrote {arguments.markdown}.")
    if runner.failures:
        print(f"{len(runner.failures)} runs failed:", *runner.failures, sep="\n  ", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
