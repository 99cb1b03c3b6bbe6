// The Worker SDK writes functions.metadata from the [Function] attributes when functions/ is built; it is what the Azure
// host (and the DevHost, through the worker) reads. These tests pin every function's trigger to the table below, which is
// API.md's: a renamed function, a changed route, method or auth level, or a new function not written down here fails.
using System.Reflection;
using System.Text.Json.Nodes;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class FunctionMetadataTests
{
    private static readonly Dictionary<string, Trigger> Expected = new(StringComparer.Ordinal)
    {
        ["Health"] = Http("get", "health"),

        ["SearchProcedures"] = Http("get", "procedures"),
        ["GetProcedure"] = Http("get", "procedures/{code}"),
        ["ListAgencies"] = Http("get", "agencies"),

        ["RegisterAgency"] = Http("put", "ops/agencies/{id}", "admin"),

        ["SubmitDossier"] = Http("post", "dossiers"),
        ["SubmitSupplement"] = Http("post", "dossiers/{id}/supplements"),
        ["ForwardDossier"] = Queue("deliver"),
        ["OutboxSweep"] = Timer("0 */1 * * * *"),

        ["GetDossier"] = Http("get", "dossiers/{id}"),
        ["GetAttachment"] = Http("get", "dossiers/{id}/attachments/{fileId}"),
        ["GetResult"] = Http("get", "dossiers/{id}/results/{fileId}"),
        ["WithdrawDossier"] = Http("post", "dossiers/{id}/withdraw"),
        ["AgencyEvents"] = Http("post", "agencies/{agencyId}/events"),

        ["OpenFileLink"] = Http("get", "files/{token}"),

        ["SendNotification"] = Queue("notify"),
        ["ListFailedNotifications"] = Http("get", "ops/notifications", "function"),

        ["CheckoutPayment"] = Http("post", "dossiers/{id}/payments/{paymentId}/checkout"),
        ["PaymentIpn"] = Http("get", "payments/vnpay/ipn"),
        ["PaymentReturn"] = Http("get", "payments/vnpay/return"),
        ["GetReceipt"] = Http("get", "dossiers/{id}/payments/{paymentId}/receipt"),
        ["ReconcilePayments"] = Timer("0 */15 * * * *"),
        ["ListPayments"] = Http("get", "ops/payments", "function"),
        ["RefundPayment"] = Http("post", "ops/payments/{paymentId}/refund", "admin"),

        ["AuthConfig"] = Http("get", "auth/config"),
        ["GetMe"] = Http("get", "me"),
        ["ListMyDossiers"] = Http("get", "me/dossiers"),
        ["ListMyDocuments"] = Http("get", "me/documents"),
        ["GetMyDocument"] = Http("get", "me/documents/{documentId}/content"),
        ["GetDocumentAccessLog"] = Http("get", "me/documents/{documentId}/access-log"),
        ["WithdrawConsent"] = Http("delete", "me/documents/{documentId}/consent/{dossierId}"),

        ["SubmitFeedback"] = Http("post", "feedback"),
        ["PublishedFeedback"] = Http("get", "feedback/published"),
        ["GetFeedback"] = Http("get", "feedback/{id}"),
        ["RateDossier"] = Http("post", "dossiers/{id}/rating"),

        ["DailyReport"] = Timer("0 30 5 * * *"),
        ["GetReport"] = Http("get", "ops/reports/{date}", "function"),
        ["ListReports"] = Http("get", "ops/reports", "function"),
        ["GetStats"] = Http("get", "ops/stats", "function"),
        ["CountVisit"] = Http("post", "visits"),

        ["ListFailedDeliveries"] = Http("get", "ops/deliveries", "function"),
        ["DeliveryReplay"] = Http("post", "ops/deliveries/{deliveryId}/replay", "function"),
        ["ListPoisonMessages"] = Http("get", "ops/poison", "function"),
        ["RequeuePoisonMessages"] = Http("post", "ops/poison/requeue", "function"),

        ["OverdueSweep"] = Timer("0 */15 * * * *"),
        ["OverdueList"] = Http("get", "ops/overdue", "function"),
    };

    [Fact]
    public void The_build_lists_every_function_of_the_table_and_no_other()
    {
        var built = Functions().Select(function => (string)function["name"]!).ToList();

        Assert.Equal(built.Count, built.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), built.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_function_has_the_trigger_of_the_table()
    {
        var mismatches = new List<string>();
        foreach (var function in Functions())
        {
            var name = (string)function["name"]!;
            var triggers = Bindings(function).Where(binding => ((string)binding["type"]!).EndsWith("Trigger", StringComparison.Ordinal)).ToList();
            if (triggers.Count != 1)
            {
                mismatches.Add($"{name}: {triggers.Count} triggers");
                continue;
            }

            var actual = TriggerOf(triggers[0]);
            if (Expected.TryGetValue(name, out var expected) && expected != actual)
            {
                mismatches.Add($"{name}: expected {expected}, built {actual}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Http_functions_answer_with_their_return_value_and_others_return_nothing()
    {
        foreach (var function in Functions())
        {
            var name = (string)function["name"]!;
            var outputs = Bindings(function).Where(binding => !string.Equals((string?)binding["direction"], "In", StringComparison.OrdinalIgnoreCase))
                .Select(binding => $"{binding["type"]}:{binding["name"]}").ToList();
            string[] expected = Expected[name].Type == "httpTrigger" ? ["http:$return"] : [];
            Assert.Equal(expected, outputs);
        }
    }

    /// <summary>A trigger as the host reads it; methods in one string, level and methods lower-case (the host ignores case).</summary>
    private sealed record Trigger(string Type, string Name, string? Methods = null, string? Route = null, string? AuthLevel = null,
        string? QueueName = null, string? Connection = null, string? Schedule = null, bool RunOnStartup = false);

    private static Trigger Http(string method, string route, string authLevel = "anonymous") =>
        new("httpTrigger", "request", method, route, authLevel);

    private static Trigger Queue(string queueName) =>
        new("queueTrigger", "message", QueueName: queueName, Connection: "AzureWebJobsStorage");

    private static Trigger Timer(string schedule) => new("timerTrigger", "timer", Schedule: schedule);

    private static Trigger TriggerOf(JsonObject binding) => new(
        (string)binding["type"]!,
        (string)binding["name"]!,
        binding["methods"] is JsonArray methods ? string.Join(",", methods.Select(m => ((string)m!).ToLowerInvariant())) : null,
        (string?)binding["route"],
        ((string?)binding["authLevel"])?.ToLowerInvariant(),
        (string?)binding["queueName"],
        (string?)binding["connection"],
        (string?)binding["schedule"],
        binding["runOnStartup"] is JsonValue runOnStartup && (runOnStartup.TryGetValue<bool>(out var flag) ? flag : bool.Parse(runOnStartup.ToString())));

    private static IEnumerable<JsonObject> Bindings(JsonObject function) => ((JsonArray)function["bindings"]!).Select(binding => (JsonObject)binding!);

    /// <summary>The functions/ build of this test's own configuration (Debug or Release), which the test project builds first.</summary>
    private static List<JsonObject> Functions()
    {
        var configuration = typeof(FunctionMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(RepoRoot.Path, "functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build functions/ in {configuration} first.");
        return [.. JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(function => (JsonObject)function!)];
    }
}
