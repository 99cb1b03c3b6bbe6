// How a `deliver` message binds: its JSON, and nothing else. The worker's own JSON converter binds the text "null" to a
// null message, which the function would only fail on later; this refuses it at binding, so the host retries the
// message and moves it to deliver-poison, and an admin invoke with it is a bad request, like any other malformed input.
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Converters;

namespace MotCua.Webhooks;

internal sealed class DeliverMessageConverter : IInputConverter
{
    public ValueTask<ConversionResult> ConvertAsync(ConverterContext context)
    {
        if (context.TargetType != typeof(DeliverMessage) || context.Source is not string text)
        {
            return new(ConversionResult.Unhandled());
        }

        try
        {
            return new(JsonSerializer.Deserialize<DeliverMessage>(text, JsonSerializerOptions.Web) is { } message
                ? ConversionResult.Success(message)
                : ConversionResult.Failed(new JsonException("The queue message is JSON null, not a DeliverMessage.")));
        }
        catch (JsonException ex)
        {
            return new(ConversionResult.Failed(ex));
        }
    }
}
