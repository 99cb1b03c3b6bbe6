using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.TestWorker;

public sealed class Open
{
    [Function(nameof(Open))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "test/open")] HttpRequest request) => TypedResults.Ok("open");
}

public sealed class Keyed
{
    [Function(nameof(Keyed))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "test/keyed")] HttpRequest request) => TypedResults.Ok("keyed");
}

public sealed class Master
{
    [Function(nameof(Master))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "test/master")] HttpRequest request) => TypedResults.Ok("master");
}

/// <summary>A route parameter and a literal sibling, as the portal's feedback/{id} and feedback/published.</summary>
public sealed class Item
{
    [Function(nameof(Item))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = "test/items/{id}")] HttpRequest request, string id) =>
        TypedResults.Ok($"{request.Method} item {id}");
}

public sealed class NewestItems
{
    [Function(nameof(NewestItems))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "test/items/newest")] HttpRequest request) =>
        TypedResults.Ok("newest");
}
