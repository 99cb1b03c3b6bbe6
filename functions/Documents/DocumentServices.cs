namespace MotCua.Documents;

internal static class DocumentServices
{
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddOptions<UploadLimits>().BindConfiguration(UploadLimits.Section);
        services.AddSingleton<AttachmentStore>();
        return services;
    }
}
