// The Vietnamese working-day calendar behind every dossier's dueAt.
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MotCua.Vietnam;

internal sealed class WorkingDays
{
    /// <summary>
    /// A deadline falls due at the close of the office day, not at midnight: the overdue list agencies are chased with
    /// should show a dossier as late once the last day's office hours are over, and a citizen reading "due 17:00"
    /// knows the agency is not working on it that night.
    /// </summary>
    public static readonly TimeOnly OfficeClose = new(17, 0);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<int, HolidayYear> _years;
    private readonly ConcurrentDictionary<int, bool> _missingYearsWarned = new();
    private readonly ILogger<WorkingDays> _logger;

    public WorkingDays(IOptions<HolidaysOptions> options, ILogger<WorkingDays> logger)
    {
        _logger = logger;
        _years = Load(options.Value.Path);
    }

    /// <summary>Reads the holiday file as the calendar would, throwing what the calendar would throw.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="JsonException">It is not the file's JSON shape.</exception>
    /// <exception cref="InvalidDataException">A day is misplaced (see <see cref="Read"/>).</exception>
    public static void Check(string? path) => _ = Load(path);

    /// <summary>
    /// The end of office hours (17:00 Vietnam time) on the <paramref name="processingDays"/>th working day after the day of receipt.
    /// With 0 days the result is due the day of receipt when that is a working day and the office is still open, else the next working day.
    /// </summary>
    public DateTimeOffset DueAt(DateTimeOffset receivedAt, int processingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(processingDays);
        var local = TimeZoneInfo.ConvertTime(receivedAt, VietnamTime.Zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (processingDays == 0 && IsWorkingDay(day) && TimeOnly.FromDateTime(local.DateTime) < OfficeClose)
        {
            return EndOfOfficeDay(day);
        }

        for (var remaining = Math.Max(processingDays, 1); remaining > 0;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                remaining--;
            }
        }

        return EndOfOfficeDay(day);
    }

    public bool IsWorkingDay(DateOnly day)
    {
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        if (!_years.TryGetValue(day.Year, out var year))
        {
            if (_missingYearsWarned.TryAdd(day.Year, true))
            {
                _logger.LogWarning("No holiday data for {Year}; counting only weekends as days off. Add the year to the holiday file", day.Year);
            }

            return !weekend;
        }

        return weekend ? year.Workdays.ContainsKey(day) : !year.DaysOff.ContainsKey(day);
    }

    private static DateTimeOffset EndOfOfficeDay(DateOnly day)
    {
        var close = day.ToDateTime(OfficeClose);
        return new DateTimeOffset(close, VietnamTime.Zone.GetUtcOffset(close));
    }

    /// <summary>The file at <paramref name="path"/>, or the embedded one when no path is set.</summary>
    private static Dictionary<int, HolidayYear> Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            using var embedded = typeof(WorkingDays).Assembly.GetManifestResourceStream("MotCua.Vietnam.Data.holidays.json")
                ?? throw new InvalidOperationException("The holiday data is not embedded in the assembly.");
            return Read(embedded, "holidays.json (embedded)");
        }

        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    private static Dictionary<int, HolidayYear> Read(Stream json, string source)
    {
        var years = JsonSerializer.Deserialize<Dictionary<int, HolidayYear>>(json, JsonOptions)
            ?? throw new InvalidDataException($"{source} is empty.");
        foreach (var (number, year) in years)
        {
            // Only days that change the Monday-to-Friday pattern belong in the file; anything else is a typo worth failing on.
            foreach (var day in year.DaysOff.Keys)
            {
                Check(day.Year == number && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday),
                    $"{source}: day off {day:yyyy-MM-dd} must be a Monday to Friday of {number}.");
            }

            foreach (var day in year.Workdays.Keys)
            {
                Check(day.Year == number && day.DayOfWeek is (DayOfWeek.Saturday or DayOfWeek.Sunday),
                    $"{source}: workday {day:yyyy-MM-dd} must be a Saturday or Sunday of {number}.");
            }
        }

        return years;
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidDataException(message);
        }
    }

    /// <summary>
    /// One year of holiday data: weekdays without work and weekend days worked to make up for a swap, each with a name for
    /// the humans who edit the file (as is the year's "note" on sources and assumptions, which the code ignores).
    /// </summary>
    private sealed record HolidayYear
    {
        public Dictionary<DateOnly, string> DaysOff { get; init; } = [];

        public Dictionary<DateOnly, string> Workdays { get; init; } = [];
    }
}
