import AMQPWire

extension AMQPConnection {
    /// Reconnects after `error` with backoff over the configured endpoints, then restores
    /// topology, channels and consumers. Runs as one task per failure; ends when the
    /// connection is open again, when it is closed, or when the policy gives up.
    func recover(after error: AMQPClientError) async {
        let policy = configuration.recovery
        let endpoints = configuration.endpoints
        var attempt = 0
        var lastError = error

        while !Task.isCancelled {
            attempt += 1
            if let maximumAttempts = policy.maximumAttempts, attempt > maximumAttempts {
                let failure = AMQPClientError(
                    .connectionClosed,
                    "recovery gave up after \(maximumAttempts) attempts; the last error was: \(lastError.description)"
                )
                var effects: [Effect] = []
                core.withLock { $0.shutDown(failure, effects: &effects) }
                run(effects)
                logger.error("connection recovery failed", metadata: [LogKey.error: failure.description])
                return
            }
            let endpoint = endpoints[(attempt - 1) % endpoints.count]
            guard emitIfRecovering(.recovering(attempt: attempt, host: endpoint.host, port: endpoint.port)) else { return }
            logger.info("reconnecting", metadata: [
                LogKey.host: endpoint.host, LogKey.port: "\(endpoint.port)", LogKey.attempt: "\(attempt)",
            ])

            do {
                try await Task.sleep(for: policy.delay(beforeAttempt: attempt))
            } catch {
                return
            }
            guard isRecoveringNow else { return }

            do {
                try await establishSession(endpoint: endpoint)
            } catch {
                lastError = error
                logger.info("reconnect attempt failed", metadata: [LogKey.error: error.description, LogKey.attempt: "\(attempt)"])
                continue
            }

            let errors: [AMQPClientError]
            do {
                errors = try await restore()
            } catch {
                lastError = error
                logger.info("restoring after reconnect failed", metadata: [LogKey.error: error.description])
                continue
            }

            var effects: [Effect] = []
            let finished = core.withLock { core -> Bool in
                guard core.phase == .recovering, core.session != nil else { return false }
                core.phase = .open
                core.recoveryTask = nil
                core.emit(
                    errors.isEmpty ? .recovered(attempt: attempt) : .recoveredWithErrors(attempt: attempt, errors: errors),
                    effects: &effects
                )
                core.resumeReadyWaiters(effects: &effects)
                return true
            }
            run(effects)
            guard finished else { continue }
            if errors.isEmpty {
                logger.info("connection recovered", metadata: [LogKey.attempt: "\(attempt)"])
            } else {
                logger.error("connection recovered with errors", metadata: [
                    LogKey.error: errors.map(\.description).joined(separator: "; "),
                ])
            }
            return
        }
    }

    private var isRecoveringNow: Bool {
        core.withLock { $0.phase == .recovering }
    }

    private func emitIfRecovering(_ event: ConnectionEvent) -> Bool {
        var effects: [Effect] = []
        let recovering = core.withLock { core -> Bool in
            guard core.phase == .recovering else { return false }
            core.emit(event, effects: &effects)
            return true
        }
        run(effects)
        return recovering
    }

    /// Re-declares the recorded topology and re-opens every channel with its settings and
    /// consumers. Returns what could not be restored; throws when the new connection
    /// itself fails, so that the caller tries again.
    private func restore() async throws(AMQPClientError) -> [AMQPClientError] {
        var errors: [AMQPClientError] = []
        // Listed before the topology is restored, so the temporary channel used for it is not included.
        let channelIDs = core.withLock { core in
            core.channels.filter { if case .recovering = $0.value.lifecycle { true } else { false } }.keys.sorted()
        }
        try await restoreTopology(errors: &errors)

        for id in channelIDs {
            try await restoreChannel(id, errors: &errors)
        }
        return errors
    }

    private func restoreTopology(errors: inout [AMQPClientError]) async throws(AMQPClientError) {
        let topology = core.withLock { $0.topology }
        guard !topology.exchanges.isEmpty || !topology.orderedQueues.isEmpty else { return }

        var channel = try await openRecoveryChannel()
        do {
            try await declareTopology(topology, on: &channel, errors: &errors)
        } catch {
            discardRecoveryChannel(channel)
            throw error
        }
        await closeRecoveryChannel(channel)
    }

    private func declareTopology(
        _ topology: TopologyRecord,
        on channel: inout AMQPChannel,
        errors: inout [AMQPClientError]
    ) async throws(AMQPClientError) {
        for declare in topology.exchanges {
            do {
                _ = try await channel.call(.exchange(.declare(declare)), expecting: 40, [11], waitForRecovery: false)
            } catch {
                try checkSessionAlive(error)
                errors.append(error)
                channel = try await openRecoveryChannel()
            }
        }
        for queue in topology.orderedQueues {
            var declare = queue.declare
            let oldName = declare.queue
            if queue.isServerNamed { declare.queue = "" }
            do {
                let response = try await channel.call(.queue(.declare(declare)), expecting: 50, [11], waitForRecovery: false)
                if case .method(.queue(.declareOk(let declareOk))) = response, declareOk.queue != oldName {
                    renameQueue(from: oldName, to: declareOk.queue)
                }
            } catch {
                try checkSessionAlive(error)
                errors.append(error)
                channel = try await openRecoveryChannel()
            }
        }
        let bindings = core.withLock { $0.topology.bindings }
        for bind in bindings {
            do {
                _ = try await channel.call(.queue(.bind(bind)), expecting: 50, [21], waitForRecovery: false)
            } catch {
                try checkSessionAlive(error)
                errors.append(error)
                channel = try await openRecoveryChannel()
            }
        }
    }

    private func discardRecoveryChannel(_ channel: AMQPChannel) {
        core.withLock { core in
            if core.channels[channel.id]?.generation == channel.generation {
                core.channels[channel.id] = nil
            }
        }
    }

    private func restoreChannel(_ id: UInt16, errors: inout [AMQPClientError]) async throws(AMQPClientError) {
        let state = core.withLock { core -> (UInt64, (size: UInt32, count: UInt16, global: Bool)?, Bool, [(String, ChannelCore.ConsumerRecord, DeliveryContinuation?)])? in
            guard let channel = core.channels[id], case .recovering = channel.lifecycle else { return nil }
            channel.epoch += 1
            let consumers = channel.consumerRecords.sorted { $0.key < $1.key }.map { ($0.key, $0.value, channel.consumers[$0.key]) }
            core.channels[id] = channel
            return (channel.generation, channel.prefetch, channel.confirmMode, consumers)
        }
        guard let (generation, prefetch, confirmMode, consumers) = state else { return }
        let channel = AMQPChannel(id: id, generation: generation, connection: self)

        do {
            _ = try await channel.call(.channel(.open), expecting: 20, [11], waitForRecovery: false)
            if let prefetch {
                _ = try await channel.call(
                    .basic(.qos(prefetchSize: prefetch.size, prefetchCount: prefetch.count, global: prefetch.global)),
                    expecting: 60, [11], waitForRecovery: false
                )
            }
            if confirmMode {
                _ = try await channel.call(.confirm(.select(noWait: false)), expecting: 85, [11], waitForRecovery: false)
            }
            for (tag, record, stream) in consumers {
                guard let stream else { continue }
                let consume = AMQPMethod.Basic.Consume(
                    queue: record.queue,
                    consumerTag: tag,
                    noAck: record.noAck,
                    exclusive: record.exclusive,
                    arguments: record.arguments
                )
                // A consumer counts as restored only when the broker sends consume-ok.
                _ = try await channel.call(
                    .basic(.consume(consume)), expecting: 60, [21],
                    consumer: stream, consumerRecord: record, waitForRecovery: false
                )
            }
        } catch {
            try checkSessionAlive(error)
            errors.append(error)
            return
        }

        core.withLock { core in
            if core.channels[id]?.generation == generation {
                core.channels[id]?.lifecycle = .open
            }
        }
        logger.debug("channel recovered", metadata: [LogKey.channel: "\(id)", LogKey.consumerCount: "\(consumers.count)"])
    }

    /// Throws `error` again when the session it happened on is gone, because then the
    /// whole recovery attempt must start over; returns for channel-level failures.
    private func checkSessionAlive(_ error: AMQPClientError) throws(AMQPClientError) {
        let alive = core.withLock { $0.session != nil && $0.phase == .recovering }
        if !alive || error.code != .channelClosed { throw error }
    }

    private func openRecoveryChannel() async throws(AMQPClientError) -> AMQPChannel {
        let reserved = core.withLock { core -> (UInt16, UInt64)? in
            let channelMax = core.machine.tuning.map { $0.channelMax == 0 ? UInt16.max : $0.channelMax } ?? 1
            guard let id = core.reserveChannelID(channelMax: channelMax) else { return nil }
            let generation = core.nextGeneration
            core.nextGeneration += 1
            let channel = ChannelCore(id: id, generation: generation)
            channel.lifecycle = .recovering
            core.channels[id] = channel
            return (id, generation)
        }
        guard let (id, generation) = reserved else {
            throw AMQPClientError(.tooManyChannels, "no free channel number to restore the topology on")
        }
        let channel = AMQPChannel(id: id, generation: generation, connection: self)
        do {
            _ = try await channel.call(.channel(.open), expecting: 20, [11], waitForRecovery: false)
        } catch {
            discardRecoveryChannel(channel)
            throw error
        }
        return channel
    }

    private func closeRecoveryChannel(_ channel: AMQPChannel) async {
        core.withLock { core in
            if core.channels[channel.id]?.generation == channel.generation {
                core.channels[channel.id]?.lifecycle = .open
            }
        }
        await channel.close()
    }

    private func renameQueue(from oldName: String, to newName: String) {
        core.withLock { core in
            core.topology.renameQueue(from: oldName, to: newName)
            for id in core.channels.keys {
                guard var records = core.channels[id]?.consumerRecords else { continue }
                for tag in records.keys where records[tag]?.queue == oldName {
                    records[tag]?.queue = newName
                }
                core.channels[id]?.consumerRecords = records
            }
        }
        logger.debug("server-named queue renamed by recovery", metadata: [LogKey.queue: newName])
    }
}
