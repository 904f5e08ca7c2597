using System.Net;
using System.Net.Http.Json;
using Nmo.Core.Storage;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Activations;

/// <summary>The credit notice greets the doctor by name, never by the portal's id for them.</summary>
public sealed class GreetingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_name_the_portal_sends_greets_the_doctor_else_the_attendance_lists_else_no_name()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("greet");
        var codes = await world.IssueCodesAsync(eventId, "named@clinic.example", "listed@clinic.example", "other@clinic.example");

        var named = await world.ActivateAsync(eventId + "-a", codes["named@clinic.example"], email: "named@clinic.example", name: "  Сидорова   Мария Ивановна ");
        var listed = await world.ActivateAsync(eventId + "-b", codes["listed@clinic.example"], email: "Listed@Clinic.example");
        var stranger = await world.ActivateAsync(eventId + "-c", codes["other@clinic.example"], email: "someone-else@clinic.example");
        Assert.All([named, listed, stranger], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);

        Assert.Equal("Сидорова Мария Ивановна", Assert.Single(world.CreditNotices(eventId + "-a")).Values["fullName"]);
        Assert.Equal("Антонов Андрей Викторович", Assert.Single(world.CreditNotices(eventId + "-b")).Values["fullName"]);
        var neutral = Assert.Single(world.CreditNotices(eventId + "-c"));
        Assert.Equal(string.Empty, neutral.Values["fullName"]);
        Assert.All(world.Sent().Where(m => m.Category == "credit-notice"), m => Assert.DoesNotContain(eventId, m.Values["fullName"]));
    }

    [Fact]
    public async Task A_module_completion_takes_a_name_and_a_name_that_cannot_be_printed_is_refused()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var moduleId = ActivationWorld.NewId("mod");
        Assert.Equal(HttpStatusCode.Created, (await world.PutActivityAsync(moduleId, "module", 2, "Основы ЭКГ")).StatusCode);

        var completed = await world.Provider.PostAsJsonAsync(
            $"api/modules/{moduleId}/completions",
            new { doctorId = moduleId + "-doc", email = "doc@clinic.example", completedAt = "2026-11-21T10:00:00Z", name = "Петров Пётр" });
        var refused = await world.Provider.PostAsJsonAsync(
            $"api/modules/{moduleId}/completions",
            new { doctorId = moduleId + "-bad", email = "bad@clinic.example", completedAt = "2026-11-21T10:00:00Z", name = "Петров\u0007Пётр" });
        var activation = await world.ActivateAsync(moduleId + "-bad", "ABCD-EFGH2345", name: new string('Я', 201));

        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);
        Assert.Equal("Петров Пётр", Assert.Single(world.CreditNotices(moduleId + "-doc")).Values["fullName"]);
        var problem = await ActivationTests.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("field.invalid", problem["code"]!.GetValue<string>());
        Assert.Contains("name", problem["detail"]!.GetValue<string>());
        var tooLong = await ActivationTests.ProblemAsync(activation, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("200", tooLong["detail"]!.GetValue<string>());
        Assert.Empty(world.CreditNotices(moduleId + "-bad"));
    }
}
