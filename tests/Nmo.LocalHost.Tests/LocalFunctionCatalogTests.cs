using Microsoft.AspNetCore.Builder;
using Microsoft.Azure.Functions.Worker;
using Nmo.LocalHost;
using Nmo.LocalHost.Tests.Broken;
using Nmo.LocalHost.Tests.Samples;

namespace Nmo.LocalHost.Tests;

public sealed class LocalFunctionCatalogTests
{
    [Fact]
    public void Functions_are_found_with_their_triggers_routes_methods_and_queues()
    {
        var functions = LocalFunctionCatalog.Discover([typeof(SampleHttpFunctions), typeof(SampleQueueFunctions)]);

        Assert.Equal(["Crash", "Echo", "ItemById", "RecordSample", "RecordText", "Refuse"], functions.Select(f => f.Name));
        var echo = functions.Single(f => f.Name == "Echo");
        Assert.Equal(LocalFunctionKind.Http, echo.Kind);
        Assert.Equal("echo/{name}", echo.Route);
        Assert.Equal(["GET", "POST"], echo.HttpMethods);
        Assert.Equal("[GET,POST] http://127.0.0.1:7071/api/echo/{name}", echo.Describe("api", "http://127.0.0.1:7071"));
        Assert.Equal(AuthorizationLevel.Function, functions.Single(f => f.Name == "ItemById").AuthorizationLevel);
        var queue = functions.Single(f => f.Name == "RecordSample");
        Assert.Equal(LocalFunctionKind.Queue, queue.Kind);
        Assert.Equal("samples", queue.Queue);
        Assert.Equal("%Samples:TextQueue%", functions.Single(f => f.Name == "RecordText").Queue);
    }

    [Fact]
    public void Functions_the_local_host_cannot_run_as_azure_does_are_all_reported_at_once()
    {
        var error = Assert.Throws<LocalFunctionConventionException>(() => LocalFunctionCatalog.Discover(
            [typeof(ContextParameterFunction), typeof(UnknownRouteParameterFunction), typeof(WrongReturnFunction), typeof(QueueExtraParameterFunction)]));

        Assert.Equal(4, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("'UsesContext'", StringComparison.Ordinal) && p.Contains("FunctionContext", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'WrongName'", StringComparison.Ordinal) && p.Contains("'id' is not a parameter of route 'things/{thingId}'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'ReturnsText'", StringComparison.Ordinal) && p.Contains("IActionResult", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'QueueExtra'", StringComparison.Ordinal) && p.Contains("'other'", StringComparison.Ordinal));
    }

    [Fact]
    public void Building_a_host_over_broken_functions_fails_before_anything_starts()
    {
        WebApplication Build() => LocalFunctionHost.Build(new LocalHostOptions
        {
            FunctionsAssembly = typeof(WrongReturnFunction).Assembly,
            TypeFilter = t => t == typeof(WrongReturnFunction),
            ConfigureServices = (_, _) => { },
        });

        var error = Assert.Throws<LocalFunctionConventionException>(Build);
        Assert.Contains("ReturnsText", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Queue_triggers_without_configured_storage_fail_with_the_storage_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LocalFunctionHost.Build(new LocalHostOptions
        {
            FunctionsAssembly = typeof(SampleQueueFunctions).Assembly,
            TypeFilter = t => t == typeof(SampleQueueFunctions),
            Settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "", [SampleQueueFunctions.TextQueueSetting] = "q" },
            ConfigureServices = (_, _) => { },
        }));

        Assert.Contains("Storage is not configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_queue_name_setting_that_is_missing_is_named_in_the_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LocalFunctionHost.Build(new LocalHostOptions
        {
            FunctionsAssembly = typeof(SampleQueueFunctions).Assembly,
            TypeFilter = t => t == typeof(SampleQueueFunctions),
            Settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" },
            ConfigureServices = (_, _) => { },
        }));

        Assert.Contains("'Samples:TextQueue' is not configured", error.Message, StringComparison.Ordinal);
    }
}
