// PUT /api/ops/agencies/{id} (admin): register or update where an agency receives webhooks, and its secret.
using System.Diagnostics;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Catalog;
using MotCua.Hosting;
using MotCua.Webhooks;

namespace MotCua.Agencies;

internal sealed record AgencyRegistration(string? Name, string? ProvinceCode, string? WebhookUrl, string? Secret);

/// <summary>A registration that passed its checks: a name, an absolute https URL (http on the loopback only), a parsed secret.</summary>
internal sealed record ValidRegistration(string Name, string? ProvinceCode, Uri WebhookUrl, WebhookSecret Secret);

/// <summary>What the portal says back: never the secret.</summary>
internal sealed record RegisteredAgency(string Id, string Name, string? ProvinceCode, string WebhookUrl, bool SecretConfigured);

internal sealed class RegisterAgency(ProcedureCatalog catalog, AgencyDirectory directory, ILogger<RegisterAgency> logger)
{
    [Function(nameof(RegisterAgency))]
    public async Task<Results<Created<RegisteredAgency>, Ok<RegisteredAgency>, ValidationProblem, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "ops/agencies/{id}")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        if (catalog.FindAgency(id) is null)
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Không có cơ quan với mã này trong danh mục.");
        }

        if (!request.HasJsonContentType())
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Chỉ nhận application/json.");
        }

        return Check(await JsonBody.ReadAsync<AgencyRegistration>(request, cancellationToken)) switch
        {
            Checked<ValidRegistration>.Passed(var registration) => await SaveAsync(id, registration, cancellationToken),
            Checked<ValidRegistration>.Invalid(var invalid) => invalid,
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>Every field checked at once; the problem names each one in error.</summary>
    internal static Checked<ValidRegistration> Check(AgencyRegistration? input)
    {
        var errors = new Dictionary<string, string[]>();
        if (input is null)
        {
            errors["body"] = ["Thân yêu cầu phải là JSON {name, provinceCode?, webhookUrl, secret}."];
            return TypedResults.ValidationProblem(errors, title: "Dữ liệu không hợp lệ");
        }

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            errors["name"] = ["Tên cơ quan bắt buộc, tối đa 200 ký tự."];
        }

        if (input.ProvinceCode is { } province && (province.Length is 0 or > 8 || !province.All(char.IsAsciiDigit)))
        {
            errors["provinceCode"] = ["Mã tỉnh chỉ gồm chữ số."];
        }

        if (!Uri.TryCreate(input.WebhookUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")
            || (url.Scheme == "http" && !url.IsLoopback) || !string.IsNullOrEmpty(url.UserInfo) || input.WebhookUrl!.Length > 2000)
        {
            errors["webhookUrl"] = ["Địa chỉ nhận webhook phải là URL https tuyệt đối (http chỉ cho máy cục bộ), không chứa thông tin đăng nhập."];
        }

        if (!WebhookSecret.TryParse(input.Secret, out var secret, out var secretError))
        {
            errors["secret"] = [$"Khóa bí mật phải có dạng whsec_<base64 của 24–64 byte ngẫu nhiên> ({secretError})."];
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "Dữ liệu không hợp lệ")
            : new Checked<ValidRegistration>.Passed(new ValidRegistration(name!, input.ProvinceCode, url!, secret!));
    }

    /// <summary>201 for an agency registered for the first time, 200 for an update.</summary>
    private async Task<Results<Created<RegisteredAgency>, Ok<RegisteredAgency>, ValidationProblem, ProblemHttpResult>> SaveAsync(string id,
        ValidRegistration registration, CancellationToken cancellationToken)
    {
        var (name, provinceCode, url, secret) = registration;
        try
        {
            var created = await directory.SaveAsync(id, name, provinceCode, url, secret, cancellationToken);
            logger.LogInformation("Registered the endpoint of {AgencyId} at {WebhookUrl}", id, url.AbsoluteUri);
            var body = new RegisteredAgency(id, name, provinceCode, url.AbsoluteUri, SecretConfigured: true);
            return created ? TypedResults.Created($"/api/ops/agencies/{id}", body) : TypedResults.Ok(body);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Cơ quan vừa được cập nhật đồng thời; vui lòng thử lại.");
        }
    }
}
