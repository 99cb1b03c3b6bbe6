// A range query from a prefix to TableRow.KeysAfter(prefix) takes exactly the keys that start with the prefix, as the table
// service orders keys (by UTF-16 code unit, which is string.CompareOrdinal's order).
using MotCua.Storage;

namespace MotCua.Tests.Storage;

public sealed class TableRowTests
{
    [Theory]
    [InlineData("dossier|")]
    [InlineData("doc|")]
    [InlineData("HS-2NPZN8J8D3AB|")]
    [InlineData("attempt|msg_0a1b|")]
    public void The_range_from_a_prefix_to_the_keys_after_it_holds_exactly_the_keys_that_start_with_it(string prefix)
    {
        var end = TableRow.KeysAfter(prefix);
        string[] keys =
        [
            prefix, prefix + "0", prefix + "zzzz", prefix + "~", prefix + "\uffff", prefix + "ệ",
            prefix[..^1], prefix[..^1] + "}", prefix[..^1] + "{", end, end + "a", "", "\uffff",
        ];

        foreach (var key in keys)
        {
            var inRange = string.CompareOrdinal(key, prefix) >= 0 && string.CompareOrdinal(key, end) < 0;
            Assert.True(inRange == key.StartsWith(prefix, StringComparison.Ordinal), $"'{key}' in [{prefix}, {end}): {inRange}");
        }
    }
}
