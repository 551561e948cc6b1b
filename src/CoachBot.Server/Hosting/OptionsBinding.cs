using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Hosting;

internal static class OptionsBinding
{
    /// <summary>
    /// Reads and validates options needed while the host is still being built (before options validation on start runs).
    /// </summary>
    public static T BindValidated<T>(this IConfiguration configuration, string sectionName)
        where T : class, new()
    {
        var options = configuration.GetSection(sectionName).Get<T>() ?? new T();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(sectionName, typeof(T), results.Select(r => $"{sectionName}: {r.ErrorMessage}"));
        }

        return options;
    }
}
