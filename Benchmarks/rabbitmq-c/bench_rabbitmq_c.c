/*
 * The rabbitmq-c (librabbitmq 0.11) client of the Bloodbank benchmark: the baseline
 * that the other clients are compared with. scripts/bench.sh builds it with gcc -O2
 * and Benchmarks/bench.py runs one scenario per process, so that getrusage covers
 * this client alone.
 *
 * Usage: bench-rabbitmq-c SCENARIO --url URL [--body FILE] --messages N
 *            [--message-id ID] [--window N] [--prefetch N] [--rate N] [--latency-file FILE]
 *            [--exchange NAME] [--routing-key KEY] [--queue NAME]
 *
 * Scenarios:
 *   publish-transient  delivery mode 1, no confirms, then one queue.declare round trip
 *                      so that every message has reached the broker.
 *   publish-confirm    delivery mode 2, mandatory, with at most --window confirms
 *                      outstanding.
 *   consume            basic.consume with manual acks at --prefetch, until --messages
 *                      deliveries are acknowledged.
 *   latency            publish-confirm paced at --rate messages per second on channel 1
 *                      and consume on channel 2 of the same connection. message_id
 *                      carries the sequence number. The latency of each message in
 *                      nanoseconds goes to --latency-file, one number a line.
 *
 * Prints one JSON object on standard output: the wall time, CPU time and peak RSS.
 */
#define _GNU_SOURCE /* ppoll */
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

enum { PUBLISH_CHANNEL = 1, CONSUME_CHANNEL = 2 };

struct options {
    const char *scenario;
    const char *url;
    const char *body_file;
    const char *latency_file;
    const char *message_id;
    const char *exchange;
    const char *routing_key;
    const char *queue;
    long messages;
    long window;
    long prefetch;
    long rate;
};

/* The peak resident set size of this process in KiB (VmHWM). ru_maxrss does not serve
 * here, because Linux carries it over from the parent process across exec. */
static long peak_rss_kb(void) {
    FILE *file = fopen("/proc/self/status", "r");
    if (file == NULL) {
        return -1;
    }
    char line[256];
    long value = -1;
    while (fgets(line, sizeof line, file) != NULL) {
        if (sscanf(line, "VmHWM: %ld kB", &value) == 1) {
            break;
        }
    }
    fclose(file);
    return value;
}

/* Confirm bookkeeping: a flag per delivery tag, so that single and multiple acks
 * can arrive in any order without counting a tag twice. */
struct confirms {
    unsigned char *settled;
    long lowest_unsettled;
    long settled_count;
    long nacked;
    long returned;
};

static void fail(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    fputs("bench-rabbitmq-c: ", stderr);
    vfprintf(stderr, format, arguments);
    fputc('\n', stderr);
    va_end(arguments);
    exit(1);
}

static uint64_t monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static double cpu_seconds(const struct timeval *value) {
    return (double)value->tv_sec + (double)value->tv_usec / 1e6;
}

static void check_reply(amqp_rpc_reply_t reply, const char *context) {
    switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
        return;
    case AMQP_RESPONSE_NONE:
        fail("%s: missing RPC reply", context);
        break;
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
        fail("%s: %s", context, amqp_error_string2(reply.library_error));
        break;
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
            amqp_connection_close_t *close = reply.reply.decoded;
            fail("%s: connection closed by the broker: %d %.*s", context, close->reply_code,
                 (int)close->reply_text.len, (char *)close->reply_text.bytes);
        } else if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
            amqp_channel_close_t *close = reply.reply.decoded;
            fail("%s: channel closed by the broker: %d %.*s", context, close->reply_code,
                 (int)close->reply_text.len, (char *)close->reply_text.bytes);
        }
        fail("%s: unexpected broker method 0x%08X", context, reply.reply.id);
        break;
    }
}

static void check_status(int status, const char *context) {
    if (status != AMQP_STATUS_OK) {
        fail("%s: %s", context, amqp_error_string2(status));
    }
}

static long parse_count(const char *name, const char *text) {
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 0) {
        fail("%s must be a non-negative integer, not '%s'", name, text);
    }
    return value;
}

static struct options parse_options(int argc, char **argv) {
    if (argc < 2) {
        fail("usage: bench-rabbitmq-c publish-transient|publish-confirm|consume|latency --url URL --messages N ...");
    }
    struct options options = {
        .scenario = argv[1],
        .exchange = "bloodbank.events.v1",
        .routing_key = "agent.thread.prompt",
        .queue = "bench.events",
        .message_id = "",
        .window = 1000,
        .prefetch = 1000,
        .rate = 2000,
    };
    for (int index = 2; index < argc; index += 2) {
        const char *name = argv[index];
        if (index + 1 >= argc) {
            fail("option %s needs a value", name);
        }
        const char *value = argv[index + 1];
        if (strcmp(name, "--url") == 0) {
            options.url = value;
        } else if (strcmp(name, "--body") == 0) {
            options.body_file = value;
        } else if (strcmp(name, "--latency-file") == 0) {
            options.latency_file = value;
        } else if (strcmp(name, "--message-id") == 0) {
            options.message_id = value;
        } else if (strcmp(name, "--exchange") == 0) {
            options.exchange = value;
        } else if (strcmp(name, "--routing-key") == 0) {
            options.routing_key = value;
        } else if (strcmp(name, "--queue") == 0) {
            options.queue = value;
        } else if (strcmp(name, "--messages") == 0) {
            options.messages = parse_count(name, value);
        } else if (strcmp(name, "--window") == 0) {
            options.window = parse_count(name, value);
        } else if (strcmp(name, "--prefetch") == 0) {
            options.prefetch = parse_count(name, value);
        } else if (strcmp(name, "--rate") == 0) {
            options.rate = parse_count(name, value);
        } else {
            fail("unknown option %s", name);
        }
    }
    if (options.url == NULL) {
        fail("missing --url");
    }
    if (options.messages <= 0) {
        fail("missing --messages");
    }
    if (options.window <= 0 || options.rate <= 0 || options.prefetch <= 0 || options.prefetch > 65535) {
        fail("--window and --rate must be positive and --prefetch 1 to 65535");
    }
    return options;
}

static amqp_bytes_t read_body(const char *path) {
    if (path == NULL) {
        fail("missing --body");
    }
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        fail("cannot open %s: %s", path, strerror(errno));
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    amqp_bytes_t body = amqp_bytes_malloc((size_t)size);
    if (size > 0 && fread(body.bytes, 1, (size_t)size, file) != (size_t)size) {
        fail("cannot read %s", path);
    }
    fclose(file);
    return body;
}

static amqp_connection_state_t open_connection(const char *url) {
    struct amqp_connection_info info;
    char *copy = strdup(url);
    amqp_default_connection_info(&info);
    check_status(amqp_parse_url(copy, &info), "parsing the broker URL");
    amqp_connection_state_t connection = amqp_new_connection();
    amqp_socket_t *socket = amqp_tcp_socket_new(connection);
    if (socket == NULL) {
        fail("cannot create a TCP socket");
    }
    check_status(amqp_socket_open(socket, info.host, info.port), "connecting to the broker");
    check_reply(amqp_login(connection, info.vhost, 0, AMQP_DEFAULT_FRAME_SIZE, 0, AMQP_SASL_METHOD_PLAIN, info.user,
                           info.password),
                "logging in");
    free(copy);
    return connection;
}

static void open_channel(amqp_connection_state_t connection, amqp_channel_t channel) {
    amqp_channel_open(connection, channel);
    check_reply(amqp_get_rpc_reply(connection), "opening a channel");
}

static void close_connection(amqp_connection_state_t connection) {
    amqp_connection_close(connection, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(connection);
}

static amqp_basic_properties_t message_properties(uint8_t delivery_mode, amqp_bytes_t message_id) {
    amqp_basic_properties_t properties;
    memset(&properties, 0, sizeof properties);
    properties._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_CONTENT_ENCODING_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG |
                        AMQP_BASIC_MESSAGE_ID_FLAG;
    properties.content_type = amqp_cstring_bytes("application/json");
    properties.content_encoding = amqp_cstring_bytes("utf-8");
    properties.delivery_mode = delivery_mode;
    properties.message_id = message_id;
    return properties;
}

static void settle(struct confirms *confirms, uint64_t tag, int multiple, long published) {
    if (tag == 0 || (long)tag > published) {
        fail("the broker confirmed delivery tag %" PRIu64 ", but only %ld messages were published", tag, published);
    }
    long first = multiple ? confirms->lowest_unsettled : (long)tag;
    for (long current = first; current <= (long)tag; current++) {
        if (!confirms->settled[current]) {
            confirms->settled[current] = 1;
            confirms->settled_count++;
        }
    }
    while (confirms->lowest_unsettled <= published && confirms->settled[confirms->lowest_unsettled]) {
        confirms->lowest_unsettled++;
    }
}

/* Handles a frame that is not a delivery: confirms, returns and closes. */
static void handle_publisher_frame(amqp_connection_state_t connection, amqp_frame_t *frame, struct confirms *confirms,
                                   long published) {
    if (frame->frame_type != AMQP_FRAME_METHOD) {
        fail("unexpected frame type %d on channel %d", frame->frame_type, frame->channel);
    }
    switch (frame->payload.method.id) {
    case AMQP_BASIC_ACK_METHOD: {
        amqp_basic_ack_t *ack = frame->payload.method.decoded;
        settle(confirms, ack->delivery_tag, ack->multiple, published);
        break;
    }
    case AMQP_BASIC_NACK_METHOD: {
        amqp_basic_nack_t *nack = frame->payload.method.decoded;
        long before = confirms->settled_count;
        settle(confirms, nack->delivery_tag, nack->multiple, published);
        confirms->nacked += confirms->settled_count - before;
        break;
    }
    case AMQP_BASIC_RETURN_METHOD: {
        amqp_message_t message;
        check_reply(amqp_read_message(connection, frame->channel, &message, 0), "reading a returned message");
        amqp_destroy_message(&message);
        confirms->returned++;
        break;
    }
    case AMQP_CHANNEL_CLOSE_METHOD: {
        amqp_channel_close_t *close = frame->payload.method.decoded;
        fail("the broker closed channel %d: %d %.*s", frame->channel, close->reply_code, (int)close->reply_text.len,
             (char *)close->reply_text.bytes);
        break;
    }
    case AMQP_CONNECTION_CLOSE_METHOD: {
        amqp_connection_close_t *close = frame->payload.method.decoded;
        fail("the broker closed the connection: %d %.*s", close->reply_code, (int)close->reply_text.len,
             (char *)close->reply_text.bytes);
        break;
    }
    default:
        fail("unexpected method 0x%08X on channel %d", frame->payload.method.id, frame->channel);
    }
}

static struct confirms make_confirms(long messages) {
    struct confirms confirms = {.lowest_unsettled = 1};
    confirms.settled = calloc((size_t)messages + 2, 1);
    if (confirms.settled == NULL) {
        fail("out of memory");
    }
    return confirms;
}

struct measurement {
    uint64_t start_ns;
    struct rusage start_usage;
};

static struct measurement start_measurement(void) {
    struct measurement measurement;
    getrusage(RUSAGE_SELF, &measurement.start_usage);
    measurement.start_ns = monotonic_ns();
    return measurement;
}

static void print_result(const struct options *options, struct measurement measurement, const char *extra) {
    uint64_t end_ns = monotonic_ns();
    struct rusage end_usage;
    getrusage(RUSAGE_SELF, &end_usage);
    double user = cpu_seconds(&end_usage.ru_utime) - cpu_seconds(&measurement.start_usage.ru_utime);
    double system = cpu_seconds(&end_usage.ru_stime) - cpu_seconds(&measurement.start_usage.ru_stime);
    printf("{\"client\": \"rabbitmq-c\", \"scenario\": \"%s\", \"messages\": %ld, \"seconds\": %.6f, "
           "\"user_seconds\": %.6f, \"system_seconds\": %.6f, \"peak_rss_kb\": %ld%s}\n",
           options->scenario, options->messages, (double)(end_ns - measurement.start_ns) / 1e9, user, system,
           peak_rss_kb(), extra);
}

static void publish_transient(const struct options *options) {
    amqp_bytes_t body = read_body(options->body_file);
    amqp_connection_state_t connection = open_connection(options->url);
    open_channel(connection, PUBLISH_CHANNEL);
    amqp_basic_properties_t properties = message_properties(1, amqp_cstring_bytes(options->message_id));
    amqp_bytes_t exchange = amqp_cstring_bytes(options->exchange);
    amqp_bytes_t routing_key = amqp_cstring_bytes(options->routing_key);

    struct measurement measurement = start_measurement();
    for (long index = 0; index < options->messages; index++) {
        check_status(amqp_basic_publish(connection, PUBLISH_CHANNEL, exchange, routing_key, 0, 0, &properties, body),
                     "publishing");
    }
    /* The broker replies to this after it has taken every message before it on the channel. */
    amqp_queue_declare(connection, PUBLISH_CHANNEL, amqp_cstring_bytes(options->queue), 1, 0, 0, 0, amqp_empty_table);
    check_reply(amqp_get_rpc_reply(connection), "declaring the queue passively");
    print_result(options, measurement, "");
    close_connection(connection);
}

static void publish_confirm(const struct options *options) {
    amqp_bytes_t body = read_body(options->body_file);
    amqp_connection_state_t connection = open_connection(options->url);
    open_channel(connection, PUBLISH_CHANNEL);
    amqp_confirm_select(connection, PUBLISH_CHANNEL);
    check_reply(amqp_get_rpc_reply(connection), "selecting confirm mode");
    amqp_basic_properties_t properties = message_properties(2, amqp_cstring_bytes(options->message_id));
    amqp_bytes_t exchange = amqp_cstring_bytes(options->exchange);
    amqp_bytes_t routing_key = amqp_cstring_bytes(options->routing_key);
    struct confirms confirms = make_confirms(options->messages);
    long published = 0;

    struct measurement measurement = start_measurement();
    while (confirms.settled_count < options->messages) {
        while (published < options->messages && published - confirms.settled_count < options->window) {
            check_status(amqp_basic_publish(connection, PUBLISH_CHANNEL, exchange, routing_key, 1, 0, &properties, body),
                         "publishing");
            published++;
        }
        amqp_frame_t frame;
        check_status(amqp_simple_wait_frame(connection, &frame), "waiting for confirms");
        handle_publisher_frame(connection, &frame, &confirms, published);
        amqp_maybe_release_buffers(connection);
    }
    char extra[128];
    snprintf(extra, sizeof extra, ", \"nacked\": %ld, \"returned\": %ld", confirms.nacked, confirms.returned);
    print_result(options, measurement, extra);
    close_connection(connection);
}

static void consume(const struct options *options) {
    amqp_connection_state_t connection = open_connection(options->url);
    open_channel(connection, CONSUME_CHANNEL);
    amqp_basic_qos(connection, CONSUME_CHANNEL, 0, (uint16_t)options->prefetch, 0);
    check_reply(amqp_get_rpc_reply(connection), "setting the prefetch count");

    struct measurement measurement = start_measurement();
    amqp_basic_consume(connection, CONSUME_CHANNEL, amqp_cstring_bytes(options->queue), amqp_empty_bytes, 0, 0, 0,
                       amqp_empty_table);
    check_reply(amqp_get_rpc_reply(connection), "starting the consumer");
    for (long index = 0; index < options->messages; index++) {
        amqp_envelope_t envelope;
        amqp_maybe_release_buffers(connection);
        check_reply(amqp_consume_message(connection, &envelope, NULL, 0), "consuming");
        check_status(amqp_basic_ack(connection, CONSUME_CHANNEL, envelope.delivery_tag, 0), "acknowledging");
        amqp_destroy_envelope(&envelope);
    }
    print_result(options, measurement, "");
    close_connection(connection);
}

static void latency(const struct options *options) {
    if (options->latency_file == NULL) {
        fail("missing --latency-file");
    }
    amqp_bytes_t body = read_body(options->body_file);
    amqp_connection_state_t connection = open_connection(options->url);
    open_channel(connection, PUBLISH_CHANNEL);
    open_channel(connection, CONSUME_CHANNEL);
    amqp_confirm_select(connection, PUBLISH_CHANNEL);
    check_reply(amqp_get_rpc_reply(connection), "selecting confirm mode");
    amqp_basic_qos(connection, CONSUME_CHANNEL, 0, (uint16_t)options->prefetch, 0);
    check_reply(amqp_get_rpc_reply(connection), "setting the prefetch count");
    amqp_basic_consume(connection, CONSUME_CHANNEL, amqp_cstring_bytes(options->queue), amqp_empty_bytes, 0, 0, 0,
                       amqp_empty_table);
    check_reply(amqp_get_rpc_reply(connection), "starting the consumer");

    long count = options->messages;
    uint64_t *sent_ns = calloc((size_t)count, sizeof *sent_ns);
    uint64_t *latency_ns = calloc((size_t)count, sizeof *latency_ns);
    unsigned char *received_flags = calloc((size_t)count, 1);
    if (sent_ns == NULL || latency_ns == NULL || received_flags == NULL) {
        fail("out of memory");
    }
    struct confirms confirms = make_confirms(count);
    amqp_bytes_t exchange = amqp_cstring_bytes(options->exchange);
    amqp_bytes_t routing_key = amqp_cstring_bytes(options->routing_key);
    uint64_t interval_ns = 1000000000u / (uint64_t)options->rate;
    long published = 0;
    long received = 0;
    char message_id[32];

    struct measurement measurement = start_measurement();
    uint64_t start_ns = measurement.start_ns;
    while (received < count || confirms.settled_count < published) {
        uint64_t now = monotonic_ns();
        while (published < count && start_ns + (uint64_t)published * interval_ns <= now &&
               published - confirms.settled_count < options->window) {
            int length = snprintf(message_id, sizeof message_id, "%ld", published);
            amqp_basic_properties_t properties =
                message_properties(2, (amqp_bytes_t){.len = (size_t)length, .bytes = message_id});
            sent_ns[published] = monotonic_ns();
            check_status(amqp_basic_publish(connection, PUBLISH_CHANNEL, exchange, routing_key, 1, 0, &properties, body),
                         "publishing");
            published++;
        }

        /* rabbitmq-c waits with poll(), whose millisecond timeout would turn the sub-millisecond
         * wait until the next send into a busy loop, so wait here with ppoll() instead. */
        if (!amqp_frames_enqueued(connection) && !amqp_data_in_buffer(connection)) {
            uint64_t wait = 1000000000u;
            if (published < count) {
                uint64_t next = start_ns + (uint64_t)published * interval_ns;
                now = monotonic_ns();
                wait = next > now ? next - now : 0;
            }
            struct pollfd socket_poll = {.fd = amqp_get_sockfd(connection), .events = POLLIN};
            struct timespec timeout = {.tv_sec = (time_t)(wait / 1000000000u), .tv_nsec = (long)(wait % 1000000000u)};
            int ready = ppoll(&socket_poll, 1, &timeout, NULL);
            if (ready < 0 && errno != EINTR) {
                fail("waiting for the socket: %s", strerror(errno));
            }
            if (ready <= 0) {
                continue;
            }
        }
        struct timeval immediately = {.tv_sec = 0, .tv_usec = 0};
        amqp_frame_t frame;
        int status = amqp_simple_wait_frame_noblock(connection, &frame, &immediately);
        if (status == AMQP_STATUS_TIMEOUT) {
            continue;
        }
        check_status(status, "waiting for frames");
        if (frame.frame_type == AMQP_FRAME_METHOD && frame.payload.method.id == AMQP_BASIC_DELIVER_METHOD) {
            amqp_basic_deliver_t *deliver = frame.payload.method.decoded;
            uint64_t delivery_tag = deliver->delivery_tag;
            amqp_message_t message;
            check_reply(amqp_read_message(connection, frame.channel, &message, 0), "reading a delivery");
            uint64_t arrived = monotonic_ns();
            amqp_bytes_t id = message.properties.message_id;
            char text[32];
            if (!(message.properties._flags & AMQP_BASIC_MESSAGE_ID_FLAG) || id.len == 0 || id.len >= sizeof text) {
                fail("a delivery has no sequence number in message_id");
            }
            memcpy(text, id.bytes, id.len);
            text[id.len] = '\0';
            long sequence = parse_count("message_id", text);
            if (sequence >= published || received_flags[sequence]) {
                fail("unexpected or repeated delivery of message %ld", sequence);
            }
            received_flags[sequence] = 1;
            latency_ns[sequence] = arrived - sent_ns[sequence];
            received++;
            amqp_destroy_message(&message);
            check_status(amqp_basic_ack(connection, CONSUME_CHANNEL, delivery_tag, 0), "acknowledging");
        } else {
            handle_publisher_frame(connection, &frame, &confirms, published);
        }
        amqp_maybe_release_buffers(connection);
    }

    char extra[128];
    snprintf(extra, sizeof extra, ", \"nacked\": %ld, \"returned\": %ld", confirms.nacked, confirms.returned);
    print_result(options, measurement, extra);

    FILE *file = fopen(options->latency_file, "w");
    if (file == NULL) {
        fail("cannot write %s: %s", options->latency_file, strerror(errno));
    }
    for (long index = 0; index < count; index++) {
        fprintf(file, "%" PRIu64 "\n", latency_ns[index]);
    }
    fclose(file);
    close_connection(connection);
}

int main(int argc, char **argv) {
    struct options options = parse_options(argc, argv);
    if (strcmp(options.scenario, "publish-transient") == 0) {
        publish_transient(&options);
    } else if (strcmp(options.scenario, "publish-confirm") == 0) {
        publish_confirm(&options);
    } else if (strcmp(options.scenario, "consume") == 0) {
        consume(&options);
    } else if (strcmp(options.scenario, "latency") == 0) {
        latency(&options);
    } else {
        fail("unknown scenario '%s'; use publish-transient, publish-confirm, consume or latency", options.scenario);
    }
    return 0;
}
