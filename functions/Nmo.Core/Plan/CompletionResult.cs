namespace Nmo.Core.Plan;

public sealed record CompletionResult(string ModuleId, string Title, decimal Credits, DateTimeOffset CreditedAt, bool AlreadyCredited);
