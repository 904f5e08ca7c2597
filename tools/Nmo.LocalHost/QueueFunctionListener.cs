using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nmo.Core.Messaging;
using Nmo.Infrastructure.Storage;

namespace Nmo.LocalHost;

/// <summary>
/// Feeds one queue-triggered function as the Functions host's queue listener does: polls with back-off up to
/// maxPollingInterval, fetches batchSize messages whenever no more than newBatchThreshold are running (so at most
/// their sum run at once), keeps a running message's lease alive, deletes
/// on success, retries after visibilityTimeout on failure, and moves a message to <c>&lt;queue&gt;-poison</c> after
/// maxDequeueCount attempts (or at once when it cannot be decoded or deserialized).
/// </summary>
internal sealed class QueueFunctionListener
{
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);
    private static readonly JsonSerializerOptions MessageJson = new(JsonSerializerDefaults.Web);

    private readonly LocalFunction function;
    private readonly string queueName;
    private readonly QueueClient queue;
    private readonly QueueClient poison;
    private readonly QueueHostOptions options;
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger logger;

    public QueueFunctionListener(
        LocalFunction function,
        string queueName,
        QueueClient queue,
        QueueClient poison,
        QueueHostOptions options,
        IServiceScopeFactory scopes,
        ILogger logger)
    {
        this.function = function;
        this.queueName = queueName;
        this.queue = queue;
        this.poison = poison;
        this.options = options;
        this.scopes = scopes;
        this.logger = logger;
    }

    /// <param name="stopping">Stops polling; in-flight messages still finish.</param>
    /// <param name="abort">Cancels the functions' own tokens (the host's shutdown timeout ran out).</param>
    public async Task RunAsync(CancellationToken stopping, CancellationToken abort)
    {
        if (!await EnsureQueueAsync(stopping).ConfigureAwait(false))
        {
            return;
        }

        var batchSize = Math.Clamp(options.BatchSize, 1, 32);
        var threshold = Math.Max(0, options.NewBatchThreshold);
        var maxDelay = options.MaxPollingInterval > MinimumPollingInterval ? options.MaxPollingInterval : MinimumPollingInterval;
        var delay = MinimumPollingInterval;
        var inFlight = new HashSet<Task>();
        var stopped = Task.Delay(Timeout.Infinite, stopping);
        var unreadable = false;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                inFlight.RemoveWhere(t => t.IsCompleted);
                if (inFlight.Count > threshold)
                {
                    await Task.WhenAny(inFlight.Append(stopped)).ConfigureAwait(false);
                    continue;
                }

                QueueMessage[] messages;
                try
                {
                    // A whole batch, as the Functions host fetches: up to batchSize + newBatchThreshold run at once there.
                    messages = (await queue.ReceiveMessagesAsync(batchSize, options.Lease, stopping).ConfigureAwait(false)).Value;
                    if (unreadable)
                    {
                        logger.LogInformation("Queue '{Queue}' for '{Function}' answers again; delivering its messages", queueName, function.Name);
                        unreadable = false;
                    }
                }
                catch (Exception) when (stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    // Storage down, credentials refused, a reply the SDK cannot read: keep polling with the back-off
                    // below, never stop the host. Said once per outage, not once per poll.
                    if (!unreadable)
                    {
                        logger.LogWarning(
                            "Cannot read queue '{Queue}' for '{Function}'; polling on, backing off to every {Delay}s, until it answers: {Reason}",
                            queueName,
                            function.Name,
                            maxDelay.TotalSeconds,
                            StorageOutage.Describe(ex));
                        unreadable = true;
                    }

                    messages = [];
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(delay, stopping).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxDelay.Ticks));
                    continue;
                }

                delay = MinimumPollingInterval;
                foreach (var message in messages)
                {
                    inFlight.Add(Task.Run(() => ProcessAsync(message, abort), CancellationToken.None));
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: fall through and let the running functions finish.
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private async Task<bool> EnsureQueueAsync(CancellationToken stopping)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stopping).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning("Queue '{Queue}' for '{Function}' is not reachable, retrying in {Delay}s: {Reason}", queueName, function.Name, delay.TotalSeconds, StorageOutage.Describe(ex));
                try
                {
                    await Task.Delay(delay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }

                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken abort)
    {
        try
        {
            await ProcessCoreAsync(message, abort).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageOutage.Is(ex))
        {
            // Storage failed while settling the message: it reappears after its lease and is tried again.
            logger.LogWarning("Could not settle message {MessageId} on '{Queue}' ({Reason}); it will be delivered again", message.MessageId, queueName, StorageOutage.Describe(ex));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not settle message {MessageId} on '{Queue}'; it will be delivered again", message.MessageId, queueName);
        }
    }

    private async Task ProcessCoreAsync(QueueMessage message, CancellationToken abort)
    {
        var receipt = new Receipt(message.MessageId, message.PopReceipt);
        var decoded = message.Body.ToString();
        if (UndecodableMessagePolicy.TryUnwrap(decoded, out var raw))
        {
            await PoisonAsync(receipt, BinaryData.FromString(raw), "it is not Base64 text, the encoding the queue triggers read").ConfigureAwait(false);
            return;
        }

        if (message.DequeueCount > options.MaxDequeueCount)
        {
            // Left over from attempts whose outcome was never recorded (a crashed host): no more attempts.
            await PoisonAsync(receipt, message.Body, $"it was already dequeued {message.DequeueCount} times").ConfigureAwait(false);
            return;
        }

        if (!TryBind(decoded, out var argument, out var bindingError))
        {
            await PoisonAsync(receipt, message.Body, bindingError).ConfigureAwait(false);
            return;
        }

        using var activity = MessageTrace.StartProcess(queueName, function.Name, decoded);
        var started = Stopwatch.GetTimestamp();
        Exception? failure = null;
        var cancelled = false;
        using (var renewal = new CancellationTokenSource())
        {
            var renewing = RenewLeaseAsync(receipt, renewal.Token);
            try
            {
                await InvokeAsync(argument, abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                cancelled = true;
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                await renewal.CancelAsync().ConfigureAwait(false);
                await renewing.ConfigureAwait(false);
            }
        }

        var duration = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (failure is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
        }

        if (cancelled)
        {
            logger.LogWarning("Executed 'Functions.{Function}' (Cancelled by shutdown, Id={MessageId}); the message is released", function.Name, message.MessageId);
            await queue.UpdateMessageAsync(receipt.MessageId, receipt.PopReceipt, visibilityTimeout: TimeSpan.Zero).ConfigureAwait(false);
            return;
        }

        if (failure is null)
        {
            logger.LogInformation("Executed 'Functions.{Function}' (Succeeded, Id={MessageId}, Duration={Duration}ms)", function.Name, message.MessageId, duration);
            await queue.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt).ConfigureAwait(false);
            return;
        }

        if (StorageOutage.Is(failure))
        {
            // Storage, not the message, failed: what failed is told without the exception's text (keys, filters).
            logger.LogWarning(
                "Executed 'Functions.{Function}' (Failed, storage unavailable: {Reason}, Id={MessageId}, attempt {Attempt} of {MaxAttempts}, Duration={Duration}ms)",
                function.Name,
                StorageOutage.Describe(failure),
                message.MessageId,
                message.DequeueCount,
                options.MaxDequeueCount,
                duration);
        }
        else
        {
            logger.LogError(
                failure,
                "Executed 'Functions.{Function}' (Failed, Id={MessageId}, attempt {Attempt} of {MaxAttempts}, Duration={Duration}ms)",
                function.Name,
                message.MessageId,
                message.DequeueCount,
                options.MaxDequeueCount,
                duration);
        }

        if (message.DequeueCount >= options.MaxDequeueCount)
        {
            await PoisonAsync(receipt, message.Body, $"it failed {message.DequeueCount} times").ConfigureAwait(false);
            return;
        }

        await queue.UpdateMessageAsync(receipt.MessageId, receipt.PopReceipt, visibilityTimeout: options.VisibilityTimeout).ConfigureAwait(false);
    }

    private bool TryBind(string text, out object? argument, out string error)
    {
        var type = function.Method.GetParameters().Single(p => p.ParameterType != typeof(CancellationToken)).ParameterType;
        error = string.Empty;
        if (type == typeof(string))
        {
            argument = text;
            return true;
        }

        try
        {
            argument = JsonSerializer.Deserialize(text, type, MessageJson);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
        {
            argument = null;
            error = $"it cannot be read as {type.Name}: {ex.Message}";
            return false;
        }

        if (argument is null)
        {
            error = $"it is JSON null, not a {type.Name}";
            return false;
        }

        return true;
    }

    private async Task InvokeAsync(object? message, CancellationToken cancellationToken)
    {
        var parameters = function.Method.GetParameters();
        var arguments = parameters.Select(p => p.ParameterType == typeof(CancellationToken) ? cancellationToken : message).ToArray();
        await using var scope = scopes.CreateAsyncScope();
        await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, arguments).ConfigureAwait(false);
    }

    private async Task RenewLeaseAsync(Receipt receipt, CancellationToken stop)
    {
        var interval = options.Lease / 2;
        while (true)
        {
            try
            {
                await Task.Delay(interval, stop).ConfigureAwait(false);
                var updated = await queue.UpdateMessageAsync(receipt.MessageId, receipt.PopReceipt, visibilityTimeout: options.Lease, cancellationToken: stop).ConfigureAwait(false);
                receipt.PopReceipt = updated.Value.PopReceipt;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning("Could not extend the lease of message {MessageId} on '{Queue}': {Reason}", receipt.MessageId, queueName, ex.Message);
            }
        }
    }

    private async Task PoisonAsync(Receipt receipt, BinaryData body, string reason)
    {
        var poisonName = poison.Name;
        logger.LogError("Message {MessageId} on '{Queue}' moved to '{Poison}' because {Reason}", receipt.MessageId, queueName, poisonName, reason);
        await poison.CreateIfNotExistsAsync().ConfigureAwait(false);
        // Unlike the Functions host, with no expiry: what failed must wait for an operator, however long (issue 11).
        await poison.SendMessageAsync(body, timeToLive: TimeSpan.FromSeconds(-1)).ConfigureAwait(false);
        await queue.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt).ConfigureAwait(false);
    }

    /// <summary>Every lease renewal changes the pop receipt; settling the message needs the latest.</summary>
    private sealed class Receipt(string messageId, string popReceipt)
    {
        public string MessageId { get; } = messageId;

        public string PopReceipt { get; set; } = popReceipt;
    }
}
