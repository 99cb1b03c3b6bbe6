using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Accounts;

internal sealed record MeView(
    string Kind,
    string FullName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdNumberMasked,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TaxCode,
    DateTimeOffset Since)
{
    public static MeView Of(AccountRow account) => new(account.Kind, account.FullName,
        account.Kind == SignedIn.Citizen ? account.Identifier : null, account.Kind == SignedIn.Business ? account.Identifier : null,
        VietnamTime.Of(account.Since));
}

/// <summary><c>GET /api/me</c>: the signed-in account, opened on its first call.</summary>
internal sealed class GetMe(AccountStore accounts)
{
    [Function(nameof(GetMe))]
    public async Task<Results<Ok<MeView>, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (SignedIn.Of(request) is not { } who)
        {
            return SignedInOnly.Problem();
        }

        return TypedResults.Ok(MeView.Of(await accounts.EnsureAsync(who, cancellationToken)));
    }
}
