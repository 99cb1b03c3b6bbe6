// A step that checks part of a request (a dossier, a supplement's files, a result document) and may refuse it in two
// ways: a 400 naming fields, or another status (413, 415). A function answers each outcome with its own typed result.
using Microsoft.AspNetCore.Http.HttpResults;

namespace MotCua.Hosting;

/// <summary>What checking found: one of three outcomes.</summary>
internal abstract record Checked<T>
{
    private Checked()
    {
    }

    /// <summary>The checked value, to go on with.</summary>
    internal sealed record Passed(T Value) : Checked<T>;

    /// <summary>400: the fields in error, each with its message.</summary>
    internal sealed record Invalid(ValidationProblem Problem) : Checked<T>;

    /// <summary>Refused with another status (a file too large, of a type not accepted).</summary>
    internal sealed record Refused(ProblemHttpResult Problem) : Checked<T>;

    public static implicit operator Checked<T>(ValidationProblem problem) => new Invalid(problem);

    public static implicit operator Checked<T>(ProblemHttpResult problem) => new Refused(problem);
}
