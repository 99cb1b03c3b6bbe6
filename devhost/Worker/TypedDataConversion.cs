using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace MotCua.DevHost.Worker;

/// <summary>Trigger values and trigger metadata as the worker receives them (see <see cref="IFunctionInvoker"/>).</summary>
internal static class TypedDataConversion
{
    public static TypedData ToTypedData(object value) => value switch
    {
        string text => new TypedData { String = text },
        JsonNode json => new TypedData { Json = json.ToJsonString() },
        byte[] bytes => new TypedData { Bytes = ByteString.CopyFrom(bytes) },
        RpcHttp http => new TypedData { Http = http },
        // Numbers, dates and the like go as JSON, as the host sends them: the worker reads no TypedData.int or .double
        // (GrpcFunctionBindingsFeature.ConvertTypedData throws "Int is not supported").
        _ => new TypedData { Json = JsonSerializer.Serialize(value) },
    };
}
