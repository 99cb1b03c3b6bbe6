namespace MotCua.Documents;

internal static class DocumentServices
{
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddOptions<UploadLimits>()
            .BindConfiguration(UploadLimits.Section)
            .Validate(limits => limits.MaxFileBytes > 0, "Limits:MaxFileBytes (Limits__MaxFileBytes) must be a positive number of bytes.")
            .Validate(limits => limits.MaxDossierBytes >= limits.MaxFileBytes,
                "Limits:MaxDossierBytes (Limits__MaxDossierBytes) must be at least Limits:MaxFileBytes: a dossier holds at least one file.")
            .Validate(limits => limits.MaxFiles > 0, "Limits:MaxFiles (Limits__MaxFiles) must be at least 1.")
            .Validate(limits => limits.MaxJsonBytes > 0, "Limits:MaxJsonBytes (Limits__MaxJsonBytes) must be a positive number of bytes.")
            .ValidateOnStart();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<FileLinks>();
        return services;
    }
}
