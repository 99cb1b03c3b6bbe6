using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MotCua.Vietnam;

/// <summary>Section <c>Holidays</c>: where the working-day calendar reads its holidays.</summary>
public sealed class HolidaysOptions
{
    public const string Section = "Holidays";

    /// <summary>An edited copy of Vietnam/Data/holidays.json, to change holidays without a release; unset, the embedded file.</summary>
    public string? Path { get; set; }
}

/// <summary>Reads the holiday file at start, so a missing or mistyped file stops the app rather than its first submission.</summary>
internal sealed class HolidaysOptionsValidator : IValidateOptions<HolidaysOptions>
{
    public ValidateOptionsResult Validate(string? name, HolidaysOptions options)
    {
        try
        {
            WorkingDays.Check(options.Path);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or JsonException)
        {
            return ValidateOptionsResult.Fail($"Holidays:Path (Holidays__Path) must name a readable holiday file: {ex.Message}");
        }
    }
}
