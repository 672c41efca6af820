"""The aio-pika client of the Bloodbank benchmark: asyncio, with the same task layout as
Bloodbank's publisher (each publish awaits its own confirm, from --window tasks)."""

import asyncio
import time

import aio_pika

from benchcommon import (
    Measurement,
    parse_options,
    print_result,
    read_body,
    write_latencies,
)


async def connect(options):
    return await aio_pika.connect(options.url, client_properties={"connection_name": f"aio-pika {options.scenario}"})


def message(options, body, delivery_mode, message_id=None):
    return aio_pika.Message(
        body,
        content_type="application/json",
        content_encoding="utf-8",
        delivery_mode=delivery_mode,
        message_id=message_id if message_id is not None else options.message_id,
    )


async def publish_transient(options):
    body = read_body(options)
    connection = await connect(options)
    channel = await connection.channel(publisher_confirms=False)
    exchange = await channel.get_exchange(options.exchange)
    outgoing = message(options, body, aio_pika.DeliveryMode.NOT_PERSISTENT)

    measurement = Measurement()
    for _ in range(options.messages):
        await exchange.publish(outgoing, options.routing_key, mandatory=False)
    # The broker replies to this after it has taken every message before it on the channel.
    await channel.get_queue(options.queue, ensure=True)
    result = measurement.finish(options)

    await connection.close()
    return result


async def publish_confirm(options):
    body = read_body(options)
    connection = await connect(options)
    channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
    exchange = await channel.get_exchange(options.exchange)
    outgoing = message(options, body, aio_pika.DeliveryMode.PERSISTENT)
    tasks = min(options.window, options.messages)

    async def publish_share(share):
        for _ in range(share):
            await exchange.publish(outgoing, options.routing_key, mandatory=True)

    measurement = Measurement()
    shares = [options.messages // tasks + (1 if task < options.messages % tasks else 0) for task in range(tasks)]
    await asyncio.gather(*(publish_share(share) for share in shares))
    result = measurement.finish(options)

    await connection.close()
    return result


async def consume(options):
    connection = await connect(options)
    channel = await connection.channel()
    await channel.set_qos(prefetch_count=options.prefetch)
    queue = await channel.get_queue(options.queue, ensure=True)

    measurement = Measurement()
    received = 0
    async with queue.iterator() as messages:
        async for incoming in messages:
            await incoming.ack()
            received += 1
            if received == options.messages:
                break
    result = measurement.finish(options)

    await connection.close()
    return result


async def latency(options):
    body = read_body(options)
    count = options.messages
    connection = await connect(options)
    publish_channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
    exchange = await publish_channel.get_exchange(options.exchange)
    consume_channel = await connection.channel()
    await consume_channel.set_qos(prefetch_count=options.prefetch)
    queue = await consume_channel.get_queue(options.queue, ensure=True)

    sent_ns = [0] * count
    latencies = [0] * count
    received = 0
    done = asyncio.get_running_loop().create_future()

    async def on_message(incoming):
        nonlocal received
        arrived = time.monotonic_ns()
        sequence = int(incoming.message_id)
        if not 0 <= sequence < count or latencies[sequence]:
            raise SystemExit(f"aio-pika: unexpected or repeated delivery {sequence}")
        latencies[sequence] = arrived - sent_ns[sequence]
        await incoming.ack()
        received += 1
        if received == count and not done.done():
            done.set_result(None)

    consumer_tag = await queue.consume(on_message)

    async def publish_one(sequence):
        outgoing = message(options, body, aio_pika.DeliveryMode.PERSISTENT, str(sequence))
        sent_ns[sequence] = time.monotonic_ns()
        await exchange.publish(outgoing, options.routing_key, mandatory=True)

    measurement = Measurement()
    interval_ns = 1_000_000_000 // options.rate
    start_ns = time.monotonic_ns()
    publishes = []
    for sequence in range(count):
        delay = start_ns + sequence * interval_ns - time.monotonic_ns()
        if delay > 0:
            await asyncio.sleep(delay / 1e9)
        publishes.append(asyncio.create_task(publish_one(sequence)))
    await asyncio.gather(*publishes)
    await done
    result = measurement.finish(options)

    await queue.cancel(consumer_tag)
    await connection.close()
    write_latencies(options, latencies)
    return result


def main():
    options = parse_options(["publish-transient", "publish-confirm", "consume", "latency"])
    scenario = {
        "publish-transient": publish_transient,
        "publish-confirm": publish_confirm,
        "consume": consume,
        "latency": latency,
    }[options.scenario]
    print_result(asyncio.run(scenario(options)))


if __name__ == "__main__":
    main()
