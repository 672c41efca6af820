"""The pika client of the Bloodbank benchmark.

pika's BlockingConnection waits for each confirm before the next publish, so the
scenarios with a confirm window (publish-confirm, latency) use its asynchronous
SelectConnection. Scenarios publish-transient and consume use BlockingConnection, the
way most pika code is written.
"""

import time

import pika
import pika.spec

from benchcommon import (
    ConfirmWindow,
    Measurement,
    parse_options,
    print_result,
    read_body,
    write_latencies,
)


def connection_parameters(options):
    parameters = pika.URLParameters(options.url)
    parameters.client_properties = {"connection_name": f"pika {options.scenario}"}
    return parameters


def properties(options, delivery_mode, message_id=None):
    return pika.BasicProperties(
        content_type="application/json",
        content_encoding="utf-8",
        delivery_mode=delivery_mode,
        message_id=message_id if message_id is not None else options.message_id,
    )


def publish_transient(options):
    body = read_body(options)
    connection = pika.BlockingConnection(connection_parameters(options))
    channel = connection.channel()
    message_properties = properties(options, 1)

    measurement = Measurement()
    for _ in range(options.messages):
        channel.basic_publish(options.exchange, options.routing_key, body, message_properties)
    # The broker replies to this after it has taken every message before it on the channel.
    channel.queue_declare(options.queue, passive=True)
    result = measurement.finish(options)

    connection.close()
    return result


def consume(options):
    connection = pika.BlockingConnection(connection_parameters(options))
    channel = connection.channel()
    channel.basic_qos(prefetch_count=options.prefetch)
    state = {"received": 0, "result": None}

    def on_message(channel, method, _properties, _body):
        channel.basic_ack(method.delivery_tag)
        state["received"] += 1
        if state["received"] == options.messages:
            state["result"] = measurement.finish(options)
            channel.stop_consuming()

    measurement = Measurement()
    channel.basic_consume(options.queue, on_message)
    channel.start_consuming()

    connection.close()
    return state["result"]


class AsyncRun:
    """A SelectConnection with a confirm-mode publishing channel and, for the latency
    scenario, a consuming channel on the same connection."""

    def __init__(self, options, body):
        self.options = options
        self.body = body
        self.window = ConfirmWindow(options.messages)
        self.published = 0
        self.received = 0
        self.returned = 0
        self.measurement = None
        self.result = None
        self.error = None
        self.publish_channel = None
        self.consume_channel = None
        self.connection = pika.SelectConnection(
            connection_parameters(options),
            on_open_callback=self.on_connection_open,
            on_open_error_callback=self.on_connection_error,
            on_close_callback=self.on_connection_closed,
        )

    def run(self):
        self.connection.ioloop.start()
        if self.error is not None:
            raise SystemExit(f"pika: {self.error}")
        return self.result

    def on_connection_open(self, connection):
        connection.channel(on_open_callback=self.on_publish_channel_open)

    def on_connection_error(self, _connection, error):
        self.error = f"connecting failed: {error}"
        self.connection.ioloop.stop()

    def on_connection_closed(self, _connection, reason):
        if self.result is None and self.error is None:
            self.error = f"the connection closed: {reason}"
        self.connection.ioloop.stop()

    def on_publish_channel_open(self, channel):
        self.publish_channel = channel
        channel.add_on_close_callback(self.on_channel_closed)
        channel.add_on_return_callback(self.on_return)
        channel.confirm_delivery(self.on_confirm, callback=self.on_confirm_selected)

    def on_channel_closed(self, _channel, reason):
        if self.result is None:
            self.error = f"a channel closed: {reason}"
            self.connection.close()

    def on_return(self, _channel, _method, _properties, _body):
        self.returned += 1

    def on_confirm_selected(self, _frame):
        self.start()

    def start(self):
        raise NotImplementedError

    def on_confirm(self, frame):
        method = frame.method
        self.window.settle(method.delivery_tag, method.multiple, isinstance(method, pika.spec.Basic.Nack))
        self.after_confirm()

    def after_confirm(self):
        raise NotImplementedError

    def finish(self):
        self.result = self.measurement.finish(self.options, nacked=self.window.nacked, returned=self.returned)
        self.connection.close()


class ConfirmedPublish(AsyncRun):
    """Scenario publish-confirm: at most --window confirms outstanding."""

    def start(self):
        self.properties = properties(self.options, 2)
        self.measurement = Measurement()
        self.publish_more()

    def publish_more(self):
        options = self.options
        while self.published < options.messages and self.published - self.window.settled_count < options.window:
            self.publish_channel.basic_publish(
                options.exchange, options.routing_key, self.body, self.properties, mandatory=True
            )
            self.published += 1

    def after_confirm(self):
        if self.window.settled_count == self.options.messages:
            self.finish()
        else:
            self.publish_more()


class Latency(AsyncRun):
    """Scenario latency: publishes at --rate and consumes on a second channel."""

    def start(self):
        count = self.options.messages
        self.sent_ns = [0] * count
        self.latencies = [0] * count
        self.interval_ns = 1_000_000_000 // self.options.rate
        self.connection.channel(on_open_callback=self.on_consume_channel_open)

    def on_consume_channel_open(self, channel):
        self.consume_channel = channel
        channel.add_on_close_callback(self.on_channel_closed)
        channel.basic_qos(prefetch_count=self.options.prefetch, callback=self.on_qos)

    def on_qos(self, _frame):
        self.consume_channel.basic_consume(self.options.queue, self.on_message, callback=self.on_consume_ok)

    def on_consume_ok(self, _frame):
        self.measurement = Measurement()
        self.start_ns = time.monotonic_ns()
        self.tick()

    def tick(self):
        options = self.options
        now = time.monotonic_ns()
        while (
            self.published < options.messages
            and self.start_ns + self.published * self.interval_ns <= now
            and self.published - self.window.settled_count < options.window
        ):
            message_properties = properties(options, 2, str(self.published))
            self.sent_ns[self.published] = time.monotonic_ns()
            self.publish_channel.basic_publish(
                options.exchange, options.routing_key, self.body, message_properties, mandatory=True
            )
            self.published += 1
        if self.published < options.messages:
            due = self.start_ns + self.published * self.interval_ns
            self.connection.ioloop.call_later(max(due - time.monotonic_ns(), 0) / 1e9, self.tick)

    def on_message(self, channel, method, message_properties, _body):
        arrived = time.monotonic_ns()
        sequence = int(message_properties.message_id)
        if not 0 <= sequence < self.published or self.latencies[sequence]:
            raise SystemExit(f"pika: unexpected or repeated delivery {sequence}")
        self.latencies[sequence] = arrived - self.sent_ns[sequence]
        channel.basic_ack(method.delivery_tag)
        self.received += 1
        self.maybe_finish()

    def after_confirm(self):
        self.maybe_finish()

    def maybe_finish(self):
        count = self.options.messages
        if self.received == count and self.window.settled_count == count and self.result is None:
            self.finish()


def main():
    options = parse_options(["publish-transient", "publish-confirm", "consume", "latency"])
    if options.scenario == "publish-transient":
        result = publish_transient(options)
    elif options.scenario == "consume":
        result = consume(options)
    elif options.scenario == "publish-confirm":
        result = ConfirmedPublish(options, read_body(options)).run()
    else:
        run = Latency(options, read_body(options))
        result = run.run()
        write_latencies(options, run.latencies)
    print_result(result)


if __name__ == "__main__":
    main()
