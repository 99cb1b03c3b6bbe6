// The Functions host's way of turning metadata into WebJobs functions (FunctionGenerator in azure-functions-host): emit a
// type Host.Functions whose methods carry [FunctionName] and the trigger attribute, so the WebJobs SDK indexes and runs
// them as if they were written by hand. Same type and method names as the host, so timer status and lock blobs have the
// same names as in Azure (timers/<hostId>/Host.Functions.<Name>/status, locks/<hostId>/Host.Functions.<Name>.Listener).
using System.Reflection;
using System.Reflection.Emit;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using MotCua.DevHost.Worker;

namespace MotCua.DevHost.Triggers;

internal static class GeneratedFunctionsType
{
    private const string TypeName = "Host.Functions";

    /// <summary>Emits Host.Functions for <paramref name="functions"/> (queue and timer functions only) in a new dynamic assembly.</summary>
    public static Type Emit(IReadOnlyList<WorkerFunction> functions, TriggerSettings settings)
    {
        // One assembly per DevHost, named uniquely: several DevHosts run in one test process, each with its own functions.
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"Host.Functions.{Guid.NewGuid():N}"), AssemblyBuilderAccess.Run);
        // [TimerTrigger(typeof(Host.Schedules.X))] names its type with the assembly's name, and the runtime cannot load a
        // dynamic assembly by name: it asks here.
        AppDomain.CurrentDomain.AssemblyResolve += (_, args) => args.Name == assembly.FullName ? assembly : null;
        var module = assembly.DefineDynamicModule(assembly.GetName().Name!);
        var type = module.DefineType(TypeName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(GeneratedFunctions));
        type.DefineDefaultConstructor(MethodAttributes.Public);
        foreach (var function in functions)
        {
            if (TriggerBindings.Is(function, QueueTriggerBinding.Type))
            {
                DefineFunction(type, function, typeof(QueueMessage), QueueTrigger(QueueTriggerBinding.From(function)),
                    nameof(GeneratedFunctions.RunQueueFunctionAsync));
            }
            else
            {
                DefineFunction(type, function, typeof(TimerInfo), TimerTrigger(module, function, TimerTriggerBinding.From(function), settings),
                    nameof(GeneratedFunctions.RunTimerFunctionAsync));
            }
        }

        return type.CreateType();
    }

    /// <summary><c>public Task Name([Trigger] T trigger, CancellationToken cancellationToken) => RunXxxFunctionAsync("Name", trigger, cancellationToken);</c></summary>
    private static void DefineFunction(TypeBuilder type, WorkerFunction function, Type triggerType, CustomAttributeBuilder trigger, string handOver)
    {
        var method = type.DefineMethod(function.Name, MethodAttributes.Public, typeof(Task), [triggerType, typeof(CancellationToken)]);
        method.SetCustomAttribute(Attribute<FunctionNameAttribute>([typeof(string)], [function.Name]));
        method.DefineParameter(1, ParameterAttributes.None, function.TriggerName).SetCustomAttribute(trigger);
        method.DefineParameter(2, ParameterAttributes.None, "cancellationToken");

        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldstr, function.Name);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Call, typeof(GeneratedFunctions).GetMethod(handOver, BindingFlags.Instance | BindingFlags.NonPublic)!);
        il.Emit(OpCodes.Ret);
    }

    private static CustomAttributeBuilder QueueTrigger(QueueTriggerBinding binding) =>
        string.IsNullOrEmpty(binding.Connection)
            ? Attribute<QueueTriggerAttribute>([typeof(string)], [binding.QueueName])
            : Attribute<QueueTriggerAttribute>([typeof(string)], [binding.QueueName],
                (nameof(QueueTriggerAttribute.Connection), binding.Connection));

    /// <summary>
    /// An NCRONTAB schedule becomes a <see cref="ZonedCronSchedule"/> subclass, so it runs in the DevHost's zone; an hh:mm:ss
    /// interval (no zone) goes to the timer extension as it is.
    /// </summary>
    private static CustomAttributeBuilder TimerTrigger(ModuleBuilder module, WorkerFunction function, TimerTriggerBinding binding,
        TriggerSettings settings)
    {
        var expression = settings.Resolve(binding.Schedule);
        if (ZonedCronSchedule.Parse(expression) is not { } cron)
        {
            return Attribute<TimerTriggerAttribute>([typeof(string)], [expression],
                (nameof(TimerTriggerAttribute.RunOnStartup), binding.RunOnStartup), (nameof(TimerTriggerAttribute.UseMonitor), binding.UseMonitor));
        }

        var schedule = DefineSchedule(module, function.Name, expression, settings.TimeZone);
        var useMonitor = binding.UseMonitor && !ZonedCronSchedule.FiresMoreThanOncePerMinute(cron, DateTime.Now);
        return Attribute<TimerTriggerAttribute>([typeof(Type)], [schedule],
            (nameof(TimerTriggerAttribute.RunOnStartup), binding.RunOnStartup), (nameof(TimerTriggerAttribute.UseMonitor), useMonitor));
    }

    /// <summary><c>public sealed class Host.Schedules.Name() : ZonedCronSchedule(expression, timeZoneId)</c>, as the timer
    /// extension creates a schedule type with Activator.CreateInstance.</summary>
    private static Type DefineSchedule(ModuleBuilder module, string functionName, string expression, TimeZoneInfo timeZone)
    {
        var type = module.DefineType($"Host.Schedules.{functionName}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class,
            typeof(ZonedCronSchedule));
        var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, Type.EmptyTypes);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldstr, expression);
        il.Emit(OpCodes.Ldstr, timeZone.Id);
        il.Emit(OpCodes.Call, typeof(ZonedCronSchedule).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(string), typeof(string)])!);
        il.Emit(OpCodes.Ret);
        return type.CreateType();
    }

    private static CustomAttributeBuilder Attribute<T>(Type[] parameterTypes, object[] arguments, params (string Name, object Value)[] properties)
        where T : Attribute =>
        new(typeof(T).GetConstructor(parameterTypes)!, arguments,
            properties.Select(property => typeof(T).GetProperty(property.Name)!).ToArray(),
            properties.Select(property => property.Value).ToArray());
}
