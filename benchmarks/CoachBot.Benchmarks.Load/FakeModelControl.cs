using System.Net.Http.Json;

namespace CoachBot.Benchmarks.Load;

/// <summary>Sets the fake model's pace and collects its stamps.</summary>
public sealed class FakeModelControl(HttpClient http, Uri model)
{
    public async Task SetProfileAsync(ModelProfile profile, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(new Uri(model, FakeModelPaths.Profile), profile, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The stamps recorded since the last call, by marker.</summary>
    public async Task<Dictionary<string, ModelStamp>> DrainStampsAsync(CancellationToken cancellationToken)
    {
        var stamps = await DrainAllStampsAsync(cancellationToken);
        var byMarker = new Dictionary<string, ModelStamp>(stamps.Count);
        foreach (var stamp in stamps)
        {
            if (stamp.Marker.Length > 0)
            {
                byMarker[stamp.Marker] = stamp;
            }
        }

        return byMarker;
    }

    /// <summary>Every stamp recorded since the last call, in the order the requests ended (a retried turn has several).</summary>
    public async Task<List<ModelStamp>> DrainAllStampsAsync(CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(new Uri(model, FakeModelPaths.Stamps), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<ModelStamp>>(cancellationToken) ?? [];
    }
}
