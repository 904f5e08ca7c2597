using System.Net;
using System.Text.Json.Nodes;
using Nmo.Core.Codes;
using Nmo.Core.Storage;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Activations;

/// <summary>Activations through the real function classes on Azurite: races, refusals, throttling and repeats.</summary>
public sealed class ActivationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    internal static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await PipelineHost.JsonAsync(response);
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        return body;
    }

    /// <summary>A code with a valid check symbol that no one was issued.</summary>
    private static string UnissuedCode() => ConfirmationCode.Generate();

    /// <summary>The code with one symbol changed: the check symbol no longer fits.</summary>
    private static string Mistyped(string code)
    {
        var symbol = code[5];
        var other = ConfirmationCode.Alphabet[(ConfirmationCode.Alphabet.IndexOf(symbol, StringComparison.Ordinal) + 1) % ConfirmationCode.Alphabet.Length];
        return string.Concat(code.AsSpan(0, 5), other.ToString(), code.AsSpan(6));
    }

    [Fact]
    public async Task Fifty_doctors_racing_for_one_code_give_one_activation_one_ledger_entry_and_one_credit_event()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("race");
        var code = (await world.IssueCodesAsync(eventId, "race@clinic.example"))["race@clinic.example"];
        var doctors = Enumerable.Range(0, 50).Select(i => $"{eventId}-doc-{i}").ToList();

        using var start = new SemaphoreSlim(0);
        var attempts = doctors.Select(async doctor =>
        {
            await start.WaitAsync();
            return (Doctor: doctor, Response: await world.ActivateAsync(doctor, code));
        }).ToList();
        start.Release(doctors.Count);
        var answers = await Task.WhenAll(attempts);

        var winner = Assert.Single(answers, a => a.Response.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a != winner), a => Assert.Equal(HttpStatusCode.Conflict, a.Response.StatusCode));
        Assert.False((await PipelineHost.JsonAsync(winner.Response))["alreadyActivated"]!.GetValue<bool>());

        var reports = await Task.WhenAll(doctors.Select(world.ReportAsync));
        var withEntries = Assert.Single(reports, r => r["entries"]!.AsArray().Count > 0);
        Assert.Equal(winner.Doctor, withEntries["doctorId"]!.GetValue<string>());
        Assert.Single(withEntries["entries"]!.AsArray());

        var credits = (await world.TakeCreditEventsAsync()).Where(e => e.ActivityId == eventId).ToList();
        var credit = Assert.Single(credits);
        Assert.Equal(winner.Doctor, credit.DoctorId);
        Assert.Equal(6m, credit.Credits);
    }

    [Fact]
    public async Task The_same_doctor_activating_twice_is_credited_once_with_one_notice_and_one_credit_event()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("twice");
        var code = (await world.IssueCodesAsync(eventId, "twice@clinic.example"))["twice@clinic.example"];
        var doctor = eventId + "-doc";

        var first = await world.ActivateAsync(doctor, code);
        var second = await world.ActivateAsync(doctor, code.ToLowerInvariant());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False((await PipelineHost.JsonAsync(first))["alreadyActivated"]!.GetValue<bool>());
        var again = await PipelineHost.JsonAsync(second);
        Assert.True(again["alreadyActivated"]!.GetValue<bool>());
        Assert.Equal(eventId, again["eventId"]!.GetValue<string>());

        Assert.Single((await world.ReportAsync(doctor))["entries"]!.AsArray());
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);
        var notice = Assert.Single(world.CreditNotices(doctor));
        Assert.Equal($"{doctor}@clinic.example", notice.To);
        Assert.Single(await world.TakeCreditEventsAsync(), e => e.DoctorId == doctor);
    }

    [Fact]
    public async Task Malformed_and_mistyped_codes_are_422_in_russian_by_default_and_english_on_request()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("typo");
        var code = (await world.IssueCodesAsync(eventId, "typo@clinic.example"))["typo@clinic.example"];
        var doctor = eventId + "-doc";

        foreach (var wrong in new[] { "12", Mistyped(code) })
        {
            var ru = await ProblemAsync(await world.ActivateAsync(doctor, wrong), HttpStatusCode.UnprocessableEntity);
            var en = await ProblemAsync(await world.ActivateAsync(doctor, wrong, "en-US,en;q=0.9"), HttpStatusCode.UnprocessableEntity);

            Assert.Equal("code.mistyped", ru["code"]!.GetValue<string>());
            Assert.Contains("введён с ошибкой", ru["detail"]!.GetValue<string>());
            Assert.Contains("looks mistyped", en["detail"]!.GetValue<string>());
        }

        // The typo was only a typo: the right code still works.
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(doctor, code)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_code_is_404_saying_what_to_send_to_support_and_a_taken_one_409()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("known");
        var code = (await world.IssueCodesAsync(eventId, "known@clinic.example"))["known@clinic.example"];

        var ru = await ProblemAsync(await world.ActivateAsync(eventId + "-a", UnissuedCode()), HttpStatusCode.NotFound);
        var en = await ProblemAsync(await world.ActivateAsync(eventId + "-a", UnissuedCode(), "en"), HttpStatusCode.NotFound);
        Assert.Equal("code.unknown", ru["code"]!.GetValue<string>());
        Assert.Contains("название мероприятия, дату проведения, место проведения и код", ru["detail"]!.GetValue<string>());
        Assert.Contains("the event name, its date, its place and the code", en["detail"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(eventId + "-owner", code)).StatusCode);
        var takenRu = await ProblemAsync(await world.ActivateAsync(eventId + "-other", code), HttpStatusCode.Conflict);
        var takenEn = await ProblemAsync(await world.ActivateAsync(eventId + "-other", code, "en"), HttpStatusCode.Conflict);
        Assert.Equal("code.taken", takenRu["code"]!.GetValue<string>());
        Assert.Contains("уже активирован другим врачом", takenRu["detail"]!.GetValue<string>());
        Assert.Contains("already been activated by another doctor", takenEn["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Twenty_failed_attempts_mistyped_ones_included_are_answered_and_the_next_is_429_with_retry_after()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("guess");
        var code = (await world.IssueCodesAsync(eventId, "guess@clinic.example"))["guess@clinic.example"];
        var doctor = eventId + "-doc";

        for (var i = 0; i < 20; i++)
        {
            var guess = i % 2 == 0 ? Mistyped(code) : UnissuedCode();
            var response = await world.ActivateAsync(doctor, guess);
            Assert.Equal(i % 2 == 0 ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.NotFound, response.StatusCode);
            Assert.Null(response.Headers.RetryAfter);
        }

        // Even the right code waits now: otherwise a guesser would only need to keep going.
        var ru = await world.ActivateAsync(doctor, code);
        var en = await world.ActivateAsync(doctor, code, "en");
        var ruBody = await ProblemAsync(ru, HttpStatusCode.TooManyRequests);
        var enBody = await ProblemAsync(en, HttpStatusCode.TooManyRequests);
        var retryAfter = ru.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
        Assert.Equal("code.throttled", ruBody["code"]!.GetValue<string>());
        Assert.Contains("Слишком много неудачных попыток", ruBody["detail"]!.GetValue<string>());
        Assert.Contains("Too many failed attempts", enBody["detail"]!.GetValue<string>());

        // The throttle is the doctor's, not the code's: another doctor is not held back.
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(eventId + "-other", code)).StatusCode);
    }

    [Fact]
    public async Task Fifty_parallel_guesses_of_one_doctor_get_at_most_twenty_answers_and_the_rest_429()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var doctor = ActivationWorld.NewId("burst") + "-doc";

        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 50).Select(async _ =>
        {
            await start.WaitAsync();
            return await world.ActivateAsync(doctor, UnissuedCode());
        }).ToList();
        start.Release(attempts.Count);
        var answers = await Task.WhenAll(attempts);

        // Before, every one of them passed a check made before any failure was counted: 50 answers of 404.
        var tried = answers.Count(a => a.StatusCode == HttpStatusCode.NotFound);
        Assert.InRange(tried, 1, 20);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.NotFound), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await world.ActivateAsync(doctor, UnissuedCode())).StatusCode);
    }

    [Fact]
    public async Task A_doctor_credited_for_an_event_cannot_take_a_colleagues_code_for_it_and_the_code_stays_its_owners()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("burn");
        var emails = Enumerable.Range(0, 8).Select(i => $"burn{i}@clinic.example").ToArray();
        var codes = await world.IssueCodesAsync(eventId, emails);
        var doctor = eventId + "-greedy";

        // All eight codes of one event at once: the doctor is credited once, and no code is burned.
        using var start = new SemaphoreSlim(0);
        var attempts = emails.Select(async email =>
        {
            await start.WaitAsync();
            return (Email: email, Response: await world.ActivateAsync(doctor, codes[email]));
        }).ToList();
        start.Release(attempts.Count);
        var answers = await Task.WhenAll(attempts);

        var won = Assert.Single(answers, a => a.Response.StatusCode == HttpStatusCode.OK);
        foreach (var (_, response) in answers.Where(a => a != won))
        {
            Assert.Equal("code.already-credited", (await ProblemAsync(response, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        }

        var en = await ProblemAsync(await world.ActivateAsync(doctor, codes[answers.First(a => a != won).Email], "en"), HttpStatusCode.Conflict);
        Assert.Contains("already been credited for this event", en["detail"]!.GetValue<string>());
        var report = await world.ReportAsync(doctor);
        Assert.Equal(6m, report["totals"]!["events"]!.GetValue<decimal>());

        // Each refused code is untouched: its rightful owner activates it as if nothing had happened.
        foreach (var (email, _) in answers.Where(a => a != won))
        {
            var owner = await world.ActivateAsync($"{eventId}-{email[..5]}", codes[email]);
            Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
            Assert.False((await PipelineHost.JsonAsync(owner))["alreadyActivated"]!.GetValue<bool>());
        }
    }
}
